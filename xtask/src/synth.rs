//! `cargo xtask synth`: writes a synthetic spec of N operations (JSON or YAML by extension).

use std::path::PathBuf;

use codegen::synth::{synthetic_spec, Flavor};

/// Runs the task.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut operations = 1000;
    let mut flavor = Flavor::V31;
    let mut out: Option<PathBuf> = None;
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
            other => return Err(format!("unknown option `{other}`; see `cargo xtask help`")),
        }
    }
    let out = out.ok_or("--out FILE is required")?;
    let spec = synthetic_spec(operations, flavor);
    let text = if out.extension().is_some_and(|e| e == "json") {
        serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())?
    } else {
        serde_yaml::to_string(&spec).map_err(|e| e.to_string())?
    };
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("wrote {} ({operations} operations)", out.display());
    Ok(())
}
