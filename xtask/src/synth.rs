//! `cargo xtask synth`: writes a synthetic spec of N operations (JSON or YAML by extension),
//! optionally with the shapes of real vendor specs (`--real-shapes`, `--shapes`, `--without`).

use std::path::PathBuf;

use codegen::synth::{real_shaped_spec, synthetic_spec, to_text, Flavor, Shape};

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut operations = 1000;
    let mut flavor = Flavor::V31;
    let mut out: Option<PathBuf> = None;
    let mut shapes: Option<Vec<Shape>> = None;
    let mut without: Vec<Shape> = vec![];
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("`{arg}` needs a value"))
        };
        match arg.as_str() {
            "--operations" => {
                operations = value()?
                    .parse()
                    .map_err(|_| "--operations takes a whole number".to_string())?
            }
            "--openapi" => {
                flavor = match value()?.as_str() {
                    "3.0" => Flavor::V30,
                    "3.1" => Flavor::V31,
                    other => return Err(format!("--openapi takes 3.0 or 3.1, not `{other}`")),
                }
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--real-shapes" => shapes = Some(Shape::ALL.to_vec()),
            "--shapes" => shapes = Some(parse_shapes(&value()?)?),
            "--without" => without.extend(parse_shapes(&value()?)?),
            other => return Err(format!("unknown option `{other}`; see `cargo xtask help`")),
        }
    }
    let out = out.ok_or("--out FILE is required")?;
    let spec = match shapes {
        Some(shapes) => {
            let shapes: Vec<Shape> = shapes
                .into_iter()
                .filter(|s| !without.contains(s))
                .collect();
            real_shaped_spec(operations, flavor, &shapes)
        }
        None if without.is_empty() => synthetic_spec(operations, flavor),
        None => return Err("--without applies to --real-shapes or --shapes".into()),
    };
    let text = to_text(&spec, out.extension().is_some_and(|e| e == "json"))?;
    std::fs::write(&out, &text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "wrote {} ({operations} operations, {:.1} MB)",
        out.display(),
        text.len() as f64 / 1e6
    );
    Ok(())
}

/// A comma-separated list of shape names.
pub fn parse_shapes(list: &str) -> Result<Vec<Shape>, String> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(|name| {
            Shape::from_name(name.trim()).ok_or_else(|| {
                let known: Vec<&str> = Shape::ALL.iter().map(|s| s.name()).collect();
                format!("unknown shape `{name}`; known: {}", known.join(", "))
            })
        })
        .collect()
}
