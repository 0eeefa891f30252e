//! `hostile-generate SPEC OUT`: what `cargo xtask generate --spec SPEC --out OUT` does (generate in
//! memory, then apply), as a small program `tests/hostile.rs` can run in a child process under a
//! timeout. Exit status: 0 generated, 1 a diagnostic (printed), 101 a panic.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, out] = args.as_slice() else {
        eprintln!("usage: hostile-generate SPEC OUT");
        std::process::exit(2);
    };
    let generation = match codegen::Inputs::read_spec(spec) {
        Ok(inputs) => codegen::generate(&inputs),
        Err(diagnostic) => Err(diagnostic),
    };
    let result = match generation {
        Ok(generation) => generation.files.apply(std::path::Path::new(out), false),
        Err(diagnostic) => Err(diagnostic),
    };
    match result {
        Ok(report) => {
            for path in &report.left {
                println!("left: {}", path.display());
            }
        }
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            std::process::exit(1);
        }
    }
}
