//! Runs a Lua file with the base library: `cargo run --release --example run -- file.lua`.
//! (The `red_moon` program does the same with lua5.4's full command line.)

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
    let function = match ctx.load(&source, &chunk_name) {
        Ok(function) => function,
        Err(error) => {
            eprintln!("lua: {error}");
            std::process::exit(1);
        }
    };
    // An uncaught error prints its message and lua5.4's traceback.
    if let Err(error) = ctx.call_traced(function, MultiValue::new()) {
        eprintln!("lua: {error}");
        std::process::exit(1);
    }
}
