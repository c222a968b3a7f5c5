//! Runs a Lua file with the base library: `cargo run --release --example run -- file.lua`.

use red_moon::interpreter::{MultiValue, Vm};

fn main() {
    let path = std::env::args().nth(1).expect("usage: run FILE.lua");
    let source = std::fs::read(&path).expect("cannot read the file");
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_base_library();
    ctx.open_math_library();
    ctx.open_table_library();
    let chunk_name = format!("@{path}");
    let result = ctx
        .load(&source, &chunk_name)
        .and_then(|f| f.call::<_, MultiValue>((), ctx));
    if let Err(error) = result {
        eprintln!("lua: {error}");
        std::process::exit(1);
    }
}
