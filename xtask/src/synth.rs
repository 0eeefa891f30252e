//! `cargo xtask synth`: writes a synthetic spec of N operations (JSON or YAML by extension),
//! optionally with the shapes of real vendor specs (`--real-shapes`, `--shapes`, `--without`).

use std::path::PathBuf;

use clap::builder::PossibleValue;
use codegen::synth::{real_shaped_spec, synthetic_spec, to_text, Flavor, Shape};

/// Write a synthetic spec of N operations of realistic shape (for scale tests and benchmarks).
///
/// `--real-shapes` adds every construct of large vendor specs (about 4 MB of YAML for 1,156
/// operations); `--shapes` picks some.
#[derive(clap::Args)]
pub struct Args {
    /// How many operations (rounded up to whole resources of five)
    #[arg(long, value_name = "N", default_value_t = 1000)]
    operations: usize,
    /// The OpenAPI version written
    #[arg(long, value_enum, default_value_t = OpenApi::V31)]
    openapi: OpenApi,
    /// The file to write: JSON if it ends in `.json`, YAML otherwise
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Add every construct of large vendor specs (every shape)
    #[arg(long, conflicts_with = "shapes")]
    real_shapes: bool,
    /// Add these constructs of large vendor specs
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    shapes: Option<Vec<ShapeName>>,
    #[command(flatten)]
    without: Without,
}

/// The OpenAPI version of a synthetic spec.
#[derive(Clone, Copy, clap::ValueEnum)]
enum OpenApi {
    /// `nullable: true`, for generators that only read 3.0
    #[value(name = "3.0")]
    V30,
    /// Nullable as type arrays
    #[value(name = "3.1")]
    V31,
}

/// `--without`, shared with `cargo xtask bench`.
#[derive(clap::Args)]
pub struct Without {
    /// Leave these shapes out of the real-shaped spec
    #[arg(long = "without", value_name = "A,B,...", value_delimiter = ',')]
    names: Vec<ShapeName>,
}

impl Without {
    /// The shapes left out.
    pub fn shapes(&self) -> Vec<Shape> {
        self.names.iter().map(|n| n.0).collect()
    }
}

/// A [`Shape`] on the command line, by [`Shape::name`].
#[derive(Clone, Copy)]
pub struct ShapeName(Shape);

/// Every shape's name, in `Shape::ALL`'s order.
static SHAPE_NAMES: [ShapeName; Shape::ALL.len()] = {
    let mut names = [ShapeName(Shape::ALL[0]); Shape::ALL.len()];
    let mut i = 1;
    while i < names.len() {
        names[i] = ShapeName(Shape::ALL[i]);
        i += 1;
    }
    names
};

impl clap::ValueEnum for ShapeName {
    fn value_variants<'a>() -> &'a [Self] {
        &SHAPE_NAMES
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.0.name()))
    }
}

/// Runs the task.
pub fn run(args: Args) -> Result<(), String> {
    let (operations, out) = (args.operations, &args.out);
    let flavor = match args.openapi {
        OpenApi::V30 => Flavor::V30,
        OpenApi::V31 => Flavor::V31,
    };
    let without = args.without.shapes();
    let shapes = match args.shapes {
        _ if args.real_shapes => Some(Shape::ALL.to_vec()),
        Some(names) => Some(names.into_iter().map(|n| n.0).collect::<Vec<_>>()),
        None => None,
    };
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
    std::fs::write(out, &text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "wrote {} ({operations} operations, {:.1} MB)",
        out.display(),
        text.len() as f64 / 1e6
    );
    Ok(())
}
