//! The one installer of the pinned external tools (into `.tools/`, ignored by git).
//!
//! A [`Tool`] says what to install (a registry's package at a pinned version), from where and
//! how ([`Source`]), and what for. [`install`] skips it when its stamp
//! `.tools/.installed/<source>-<package>` holds the pinned version and what it installs is in
//! place; otherwise it says what it installs, installs it, and writes the stamp. A new pin, or a
//! product deleted by hand, installs again.
//!
//! Debian packages are the one exception: `apt-get` installs them into the system, not `.tools/`,
//! at Debian's version (not pinned), so there is no stamp: a Debian tool is installed when its
//! command is on PATH.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::verify_docs::{exec, tail};

/// A pinned external tool.
pub struct Tool<'a> {
    /// The package as its registry names it: `telnyx`, `@types/node`, a Go module path, a Maven
    /// `group:artifact`, a crate, a Debian package.
    pub package: &'a str,
    /// The pinned version, as the registry spells it (`v4.97.0` for a Go module); empty for a
    /// Debian package.
    pub version: &'a str,
    pub source: Source<'a>,
    /// What the tool is for, said while installing it: `for the Python examples`.
    pub purpose: &'a str,
}

/// Where a tool comes from, and where it goes.
pub enum Source<'a> {
    /// PyPI, by pip into the virtual environment `.tools/<venv>` (made with `$PYTHON`, or
    /// `python3`, when missing).
    Pip { venv: &'a str },
    /// The npm registry, by npm into `.tools/<prefix>/node_modules`.
    Npm { prefix: &'a str },
    /// crates.io, by `cargo install --locked` into `.tools/cargo/bin` (built from source).
    Cargo,
    /// The Go module proxy, by `go mod download` into the module cache under `.tools/go`
    /// (see [`go_env`]).
    GoModule,
    /// Maven Central, by Maven (`dependency:build-classpath`) into `.tools/m2`; the classpath,
    /// dependencies included, is written to [`maven_classpath`].
    Maven,
    /// Debian, by `apt-get install` (as root); installed when `command` is on PATH.
    Debian { command: &'a str },
}

impl<'a> Tool<'a> {
    /// A PyPI package, into the virtual environment `.tools/<venv>`.
    pub const fn pip(venv: &'a str, package: &'a str, version: &'a str, purpose: &'a str) -> Self {
        Self::new(Source::Pip { venv }, package, version, purpose)
    }

    /// An npm package, into `.tools/<prefix>/node_modules`.
    pub const fn npm(
        prefix: &'a str,
        package: &'a str,
        version: &'a str,
        purpose: &'a str,
    ) -> Self {
        Self::new(Source::Npm { prefix }, package, version, purpose)
    }

    /// A crate's binaries, into `.tools/cargo/bin`.
    pub const fn cargo(package: &'a str, version: &'a str, purpose: &'a str) -> Self {
        Self::new(Source::Cargo, package, version, purpose)
    }

    /// A Debian package that provides `command` (at Debian's version, not pinned).
    pub const fn debian(package: &'a str, command: &'a str, purpose: &'a str) -> Self {
        Self::new(Source::Debian { command }, package, "", purpose)
    }

    /// A tool of any source.
    const fn new(source: Source<'a>, package: &'a str, version: &'a str, purpose: &'a str) -> Self {
        Tool {
            package,
            version,
            source,
            purpose,
        }
    }

    /// `name==1.0`, `name@1.0`, ...: the package and version as its own client spells them.
    fn spelled(&self) -> String {
        let (package, version) = (self.package, self.version);
        match self.source {
            Source::Pip { .. } => format!("{package}=={version}"),
            Source::Npm { .. } | Source::GoModule => format!("{package}@{version}"),
            Source::Cargo => format!("{package} {version}"),
            Source::Maven => format!("{package}:{version}"),
            Source::Debian { .. } => package.to_string(),
        }
    }

    /// The folder of `.tools/` it goes into, and the stamp's prefix.
    fn folder(&self) -> &str {
        match self.source {
            Source::Pip { venv } => venv,
            Source::Npm { prefix } => prefix,
            Source::Cargo => "cargo",
            Source::GoModule => "go",
            Source::Maven => "m2",
            Source::Debian { .. } => "",
        }
    }

    /// The stamp: `.tools/.installed/<folder>-<package>`, holding the version installed.
    fn stamp(&self, tools: &Path) -> PathBuf {
        let package: String = self
            .package
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        tools
            .join(".installed")
            .join(format!("{}-{package}", self.folder()))
    }

    /// What the install leaves behind, when one file shows it: the tool is not installed without it.
    fn product(&self, tools: &Path) -> Result<PathBuf, String> {
        Ok(match self.source {
            Source::Pip { venv } => tools.join(venv).join("bin/pip"),
            Source::Npm { prefix } => tools
                .join(prefix)
                .join("node_modules")
                .join(self.package)
                .join("package.json"),
            Source::Cargo => tools.join("cargo/bin").join(self.package),
            Source::GoModule => tools
                .join("go/mod/cache/download")
                .join(go_escape(self.package))
                .join("@v")
                .join(format!("{}.zip", self.version)),
            Source::Maven => maven_classpath(tools, self.package, self.version)?,
            Source::Debian { .. } => return Err("a Debian package is not in .tools/".into()),
        })
    }

    /// Whether this version is installed: the stamp holds it and the product is there.
    fn installed(&self, tools: &Path) -> bool {
        if let Source::Debian { command } = self.source {
            return which(command);
        }
        let stamped = std::fs::read_to_string(self.stamp(tools))
            .is_ok_and(|text| text.trim() == self.version);
        stamped && self.product(tools).is_ok_and(|p| p.exists())
    }
}

/// Installs `tool` unless this version is already installed, saying what it installs.
pub fn install(tools: &Path, tool: &Tool) -> Result<(), String> {
    if tool.installed(tools) {
        return Ok(());
    }
    let spelled = tool.spelled();
    let purpose = tool.purpose;
    match tool.source {
        Source::Debian { .. } => {
            println!("==> installing {spelled} (Debian package, with apt-get), {purpose}")
        }
        Source::Cargo => println!(
            "==> installing {spelled} (pinned) from crates.io into .tools/cargo, {purpose} (built from source: this takes minutes)"
        ),
        _ => println!(
            "==> installing {spelled} (pinned) into .tools/{}, {purpose}",
            tool.folder()
        ),
    }
    match tool.source {
        Source::Pip { venv } => pip(tools, &tools.join(venv), &spelled)?,
        Source::Npm { prefix } => npm(&tools.join(prefix), &spelled)?,
        Source::Cargo => cargo_install(tools, tool)?,
        Source::GoModule => go_download(tools, &spelled)?,
        Source::Maven => maven(tools, tool)?,
        Source::Debian { command } => return apt_get(command, tool.package),
    }
    let stamp = tool.stamp(tools);
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(stamp.parent().unwrap_or(tools))?;
        std::fs::write(&stamp, format!("{}\n", tool.version))
    };
    write().map_err(|e| format!("cannot write the stamp {}: {e}", stamp.display()))
}

/// Runs an installing command, its output shown; `Err(help)` when it fails or cannot start.
fn run(command: &mut Command, help: String) -> Result<(), String> {
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(_) => Err(help),
        Err(e) => Err(format!("{help} ({:?}: {e})", command.get_program())),
    }
}

fn pip(tools: &Path, venv: &Path, spelled: &str) -> Result<(), String> {
    if !venv.join("bin/pip").exists() {
        std::fs::create_dir_all(tools).map_err(|e| e.to_string())?;
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        run(
            Command::new(&python).args(["-m", "venv"]).arg(venv),
            format!(
                "`{python} -m venv {}` failed: install Python 3 with venv (e.g. apt-get install python3-venv)",
                venv.display()
            ),
        )?;
    }
    run(
        Command::new(venv.join("bin/pip")).args([
            "install",
            "--quiet",
            "--disable-pip-version-check",
            spelled,
        ]),
        format!("pip could not install {spelled}; check access to PyPI"),
    )
}

fn npm(prefix: &Path, spelled: &str) -> Result<(), String> {
    std::fs::create_dir_all(prefix).map_err(|e| e.to_string())?;
    run(
        Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(prefix)
            .arg(spelled),
        format!("npm could not install {spelled}; install Node.js 18+ and npm, and check access to the npm registry"),
    )
}

fn cargo_install(tools: &Path, tool: &Tool) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(
        Command::new(cargo)
            .args(["install", "--locked", tool.package, "--version", tool.version])
            .arg("--root")
            .arg(tools.join("cargo")),
        format!(
            "`cargo install {} --version {} --locked --root .tools/cargo` failed\nhelp: check that crates.io is reachable, then run this task again",
            tool.package, tool.version
        ),
    )
}

/// The Go toolchain's environment: module cache, GOPATH and build cache inside `.tools/go`
/// (kept between runs), no toolchain download.
pub fn go_env(tools: &Path, command: &mut Command) {
    let go = tools.join("go");
    command
        .env("GOPATH", &go)
        .env("GOMODCACHE", go.join("mod"))
        .env("GOCACHE", go.join("cache"))
        .env("GOFLAGS", "-modcacherw -mod=mod")
        .env("GOTOOLCHAIN", "local");
}

/// A module path as the module cache spells it: capitals as `!` and the lower-case letter.
fn go_escape(module: &str) -> String {
    let mut out = String::new();
    for c in module.chars() {
        if c.is_ascii_uppercase() {
            out.push('!');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn go_download(tools: &Path, spelled: &str) -> Result<(), String> {
    // `go mod download` needs a module to run in.
    let dir = tools.join("go-fetch");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("go.mod"), "module fetch\n\ngo 1.22\n").map_err(|e| e.to_string())?;
    let mut c = Command::new("go");
    c.args(["mod", "download", "-x", spelled]).current_dir(&dir);
    go_env(tools, &mut c);
    let o = exec(&mut c, Duration::from_secs(600));
    if o.success {
        Ok(())
    } else {
        Err(format!(
            "`go mod download {spelled}` failed (the Go module proxy did not serve it):\n{}",
            tail(&o.output, 6)
        ))
    }
}

/// Where Maven's classpath for `group:artifact` at `version` (dependencies included) is kept.
pub fn maven_classpath(tools: &Path, coordinate: &str, version: &str) -> Result<PathBuf, String> {
    let (group, artifact) = coordinate
        .split_once(':')
        .ok_or_else(|| format!("the Maven package `{coordinate}` is not `group:artifact`"))?;
    Ok(tools
        .join(format!("java-{group}-{artifact}-{version}"))
        .join("classpath.txt"))
}

fn maven(tools: &Path, tool: &Tool) -> Result<(), String> {
    let (coordinate, version) = (tool.package, tool.version);
    let classpath_file = maven_classpath(tools, coordinate, version)?;
    let (group, artifact) = coordinate.split_once(':').unwrap_or_default();
    let dir = classpath_file.parent().unwrap_or(tools);
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("pom.xml"),
        format!(
            "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>verify-docs</groupId>\n  <artifactId>java-examples</artifactId>\n  <version>1</version>\n  <dependencies>\n    <dependency>\n      <groupId>{group}</groupId>\n      <artifactId>{artifact}</artifactId>\n      <version>{version}</version>\n    </dependency>\n  </dependencies>\n</project>\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let mut c = Command::new("mvn");
    // `-U`: retry what an earlier run could not resolve (Maven caches failures for a day).
    c.args(["-q", "-B", "-U", "-Dstyle.color=never"])
        .arg(format!("-Dmaven.repo.local={}", tools.join("m2").display()))
        .arg("dependency:build-classpath")
        .arg(format!("-Dmdep.outputFile={}", classpath_file.display()))
        .current_dir(dir);
    let o = exec(&mut c, Duration::from_secs(900));
    if o.success && classpath_file.is_file() {
        return Ok(());
    }
    let _ = std::fs::remove_file(&classpath_file);
    let first_error = o
        .output
        .lines()
        .find(|l| l.contains("[ERROR]") && l.contains(version))
        .unwrap_or_else(|| o.output.lines().last().unwrap_or(""))
        .replace("\u{1b}[0m", "");
    Err(format!(
        "Maven could not resolve {coordinate}:{version} (Maven Central did not serve it):\n{first_error}"
    ))
}

fn apt_get(command: &str, package: &str) -> Result<(), String> {
    let apt = |args: &[&str]| {
        Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !(apt(&["update", "-qq"])
        && apt(&["install", "-y", "-qq", "--no-install-recommends", package]))
    {
        return Err(format!(
            "`{command}` is missing and `apt-get install {package}` failed; install it"
        ));
    }
    if which(command) {
        Ok(())
    } else {
        Err(format!(
            "`{command}` is still not on PATH after installing {package}"
        ))
    }
}

/// Whether `command` is a file in a folder of PATH.
fn which(command: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(command).is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-tools-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_matching_stamp_and_product_skip_the_install_and_a_new_pin_does_not() {
        let tools = scratch("stamp");
        let tool = |version| Tool::npm("node", "@types/node", version, "for a test");
        let old = tool("20.19.43");
        assert_eq!(old.stamp(&tools), tools.join(".installed/node-_types_node"));
        assert!(!old.installed(&tools), "nothing is there yet");
        std::fs::create_dir_all(old.stamp(&tools).parent().unwrap()).unwrap();
        std::fs::write(old.stamp(&tools), "20.19.43\n").unwrap();
        assert!(!old.installed(&tools), "a stamp without its product");
        let product = old.product(&tools).unwrap();
        assert_eq!(
            product,
            tools.join("node/node_modules/@types/node/package.json")
        );
        std::fs::create_dir_all(product.parent().unwrap()).unwrap();
        std::fs::write(&product, "{}").unwrap();
        assert!(old.installed(&tools));
        assert!(
            !tool("22.0.0").installed(&tools),
            "a new pin installs again"
        );
        let _ = std::fs::remove_dir_all(&tools);
    }

    #[test]
    fn each_client_spells_its_pin() {
        let spelled = |source, package, version| Tool::new(source, package, version, "").spelled();
        assert_eq!(
            spelled(Source::Pip { venv: "venv" }, "telnyx", "4.1.0"),
            "telnyx==4.1.0"
        );
        assert_eq!(
            spelled(Source::GoModule, "github.com/a/b/v4", "v4.2.0"),
            "github.com/a/b/v4@v4.2.0"
        );
        assert_eq!(
            spelled(Source::Maven, "com.telnyx.sdk:telnyx", "6.1.0"),
            "com.telnyx.sdk:telnyx:6.1.0"
        );
        assert_eq!(spelled(Source::Cargo, "cargo-x", "0.1.0"), "cargo-x 0.1.0");
    }

    #[test]
    fn go_modules_are_found_in_the_cache_by_their_escaped_path() {
        assert_eq!(
            go_escape("github.com/BurntSushi/toml"),
            "github.com/!burnt!sushi/toml"
        );
        let tools = Path::new("/t");
        let tool = Tool::new(
            Source::GoModule,
            "github.com/team-telnyx/telnyx-go/v4",
            "v4.97.0",
            "",
        );
        assert_eq!(
            tool.product(tools).unwrap(),
            tools.join("go/mod/cache/download/github.com/team-telnyx/telnyx-go/v4/@v/v4.97.0.zip")
        );
    }

    #[test]
    fn a_maven_package_must_be_group_and_artifact() {
        assert!(maven_classpath(Path::new("/t"), "telnyx", "1").is_err());
        assert_eq!(
            maven_classpath(Path::new("/t"), "com.telnyx.sdk:telnyx", "6.89.0").unwrap(),
            Path::new("/t/java-com.telnyx.sdk-telnyx-6.89.0/classpath.txt")
        );
    }
}
