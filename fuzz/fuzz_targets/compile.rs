//! Any byte string given to the compiler yields a prototype or a syntax error: no panic, no
//! stack overflow, no hang; and every prototype it produces passes the bytecode verifier.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &[u8]| {
    match red_moon::compiler::compile(source, b"=fuzz") {
        Ok(proto) => {
            if let Err(error) = red_moon::bytecode::verify(&proto) {
                panic!("compiler produced invalid bytecode: {error}");
            }
        }
        Err(error) => {
            assert!(!error.message.is_empty());
        }
    }
});
