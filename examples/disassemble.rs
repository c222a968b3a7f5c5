//! Prints the bytecode the compiler generates for a Lua file (like `luac -l -l`).
//!
//! `cargo run --example disassemble -- script.lua` (or `-` for stdin).

use std::io::Read;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: disassemble FILE.lua  (or - for stdin)");
        std::process::exit(2);
    };
    let (source, chunk_name) = if path == "-" {
        let mut source = Vec::new();
        if let Err(error) = std::io::stdin().read_to_end(&mut source) {
            eprintln!("disassemble: cannot read stdin: {error}");
            std::process::exit(1);
        }
        (source, "=stdin".to_owned())
    } else {
        match std::fs::read(&path) {
            Ok(source) => (source, format!("@{path}")),
            Err(error) => {
                eprintln!("disassemble: cannot open {path}: {error}");
                std::process::exit(1);
            }
        }
    };
    match red_moon::compiler::compile(&source, chunk_name.as_bytes()) {
        Ok(proto) => print!("{}", red_moon::bytecode::disassemble(&proto)),
        Err(error) => {
            eprintln!("disassemble: {error}");
            std::process::exit(1);
        }
    }
}
