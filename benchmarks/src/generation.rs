//! What a spec change costs a developer: the generator end to end, against
//! bare progenitor + prettyplease on the same spec, and how its cost grows
//! with the number of operations.

use std::path::Path;
use std::time::{Duration, Instant};

use codegen::SpecFile;
use serde_json::{Value, json};

use crate::stats::median;

/// The generator on every committed spec and mapping, in process: load,
/// validate, generate, format, plan files.
pub fn committed(root: &Path, runs: usize) -> Result<Generated, String> {
    let specs = xtask::read_specs(root)?;
    profiled(&specs, runs)
}

/// One generator on one spec: the median wall time of its runs and where
/// the time went, stage by stage (the mean over the runs).
pub struct Generated {
    pub wall: Duration,
    /// (stage, time) in pipeline order. Ours are CPU times summed over its
    /// threads, so they can add up to more than `wall`.
    pub stages: Vec<(&'static str, Duration)>,
    /// Bytes of Rust and manifests written.
    pub output_bytes: usize,
}

/// The generator on one spec given as text, every stage timed
/// ([`codegen::generate_profiled`]).
pub fn ours(name: &str, text: &str, runs: usize) -> Result<Generated, String> {
    let specs = [SpecFile {
        path: format!("specs/{name}.json"),
        text: text.to_owned(),
    }];
    profiled(&specs, runs)
}

fn profiled(specs: &[SpecFile], runs: usize) -> Result<Generated, String> {
    check(specs)?;
    let mut ours = Runs::default();
    for _ in 0..runs.max(1) {
        ours.ours_once(specs)?;
    }
    Ok(ours.finish(runs))
}

/// Ours ([`ours`]) and bare ([`bare_progenitor`]) on the same spec,
/// interleaved run by run, each going first every other run: a burst of
/// noise on this shared machine falls on both alike, not on one block of
/// runs.
pub fn ours_and_bare(
    name: &str,
    text: &str,
    runs: usize,
) -> Result<(Generated, Generated), String> {
    let specs = [SpecFile {
        path: format!("specs/{name}.json"),
        text: text.to_owned(),
    }];
    check(&specs)?;
    let (mut ours, mut bare) = (Runs::default(), Runs::default());
    for round in 0..runs.max(1) {
        if round % 2 == 0 {
            ours.ours_once(&specs)?;
            bare.bare_once(text)?;
        } else {
            bare.bare_once(text)?;
            ours.ours_once(&specs)?;
        }
    }
    Ok((ours.finish(runs), bare.finish(runs)))
}

/// The runs of one side: their wall times, stages and output.
#[derive(Default)]
struct Runs {
    walls: Vec<Duration>,
    total: codegen::profile::Profile,
    output_bytes: usize,
}

impl Runs {
    fn ours_once(&mut self, specs: &[SpecFile]) -> Result<(), String> {
        let started = Instant::now();
        let (result, profile) = codegen::generate_profiled(specs);
        self.walls.push(started.elapsed());
        let generation =
            result.map_err(|d| format!("the generator refused the benchmark input:\n{d}"))?;
        self.output_bytes = generation.files.values().map(String::len).sum();
        std::hint::black_box(generation);
        self.total.merge(profile);
        Ok(())
    }

    fn bare_once(&mut self, text: &str) -> Result<(), String> {
        let started = Instant::now();
        let (output, stages) = bare_once(text)?;
        self.walls.push(started.elapsed());
        self.output_bytes = output.len();
        std::hint::black_box(output);
        self.total.merge(stages);
        Ok(())
    }

    fn finish(self, runs: usize) -> Generated {
        Generated {
            wall: median(&self.walls),
            stages: mean_stages(self.total.stages, runs),
            output_bytes: self.output_bytes,
        }
    }
}

/// Bare progenitor + prettyplease on every committed provider spec (the
/// YAML read as JSON first, outside the timing): the sum of the medians,
/// and the specs it cannot generate (left out of the sum). Each spec is
/// first tried in a child process (`cargo xtask corpus --bare`): typify
/// overflows its stack on some specs (HubSpot's actors refer back to their
/// base), and that aborts the process.
pub fn bare_committed(root: &Path, runs: usize) -> Result<BareCommitted, String> {
    let mut total = Duration::ZERO;
    let mut refused = Vec::new();
    let mut generated_specs = Vec::new();
    for spec in xtask::read_specs(root)? {
        let is_provider =
            !spec.path.starts_with("specs/mappings/") && spec.path != "specs/conversations.yaml";
        if !is_provider {
            continue;
        }
        let tried = std::process::Command::new("cargo")
            .args(["xtask", "corpus", "--bare", &spec.path])
            .current_dir(root)
            .output()
            .map_err(|e| format!("cannot run cargo xtask corpus --bare: {e}"))?;
        if !tried.status.success() {
            refused.push(spec.path.clone());
            continue;
        }
        let value: serde_json::Value =
            serde_yaml::from_str(&spec.text).map_err(|e| format!("{}: {e}", spec.path))?;
        match bare_progenitor(&value.to_string(), runs) {
            Ok(generated) => {
                total += generated.wall;
                generated_specs.push(spec);
            }
            Err(_) => refused.push(spec.path.clone()),
        }
    }
    // Ours on the same provider specs, alone (no model, no mappings).
    let ours = profiled(&generated_specs, runs)?.wall;
    Ok(BareCommitted {
        ours,
        bare: total,
        refused,
    })
}

/// [`bare_committed`]: ours and bare on the provider specs bare generates.
pub struct BareCommitted {
    pub ours: Duration,
    pub bare: Duration,
    /// The specs bare progenitor cannot generate.
    pub refused: Vec<String>,
}

/// The stages of bare progenitor, timed the same way as ours.
pub const BARE_LOAD: &str = "load: JSON into openapiv3";
pub const BARE_PROGENITOR: &str = "progenitor + typify: the client";
pub const BARE_PARSE: &str = "syn: parsing token streams";
pub const BARE_FORMAT: &str = "prettyplease: formatting";

/// Bare progenitor on the same text: parse, `generate_tokens` with the
/// builder interface, `prettyplease::unparse`. What one would run without
/// this project.
pub fn bare_progenitor(text: &str, runs: usize) -> Result<Generated, String> {
    let mut bare = Runs::default();
    for _ in 0..runs.max(1) {
        bare.bare_once(text)?;
    }
    Ok(bare.finish(runs))
}

fn bare_once(text: &str) -> Result<(String, codegen::profile::Profile), String> {
    let mut stages = codegen::profile::Profile::default();
    let mut timed = |stage: &'static str, started: Instant| stages.add(stage, started.elapsed());
    let started = Instant::now();
    let spec: openapiv3::OpenAPI = serde_json::from_str(text).map_err(|e| e.to_string())?;
    timed(BARE_LOAD, started);
    let started = Instant::now();
    let mut settings = progenitor::GenerationSettings::new();
    settings.with_interface(progenitor::InterfaceStyle::Builder);
    let tokens = progenitor::Generator::new(&settings)
        .generate_tokens(&spec)
        .map_err(|e| e.to_string())?;
    timed(BARE_PROGENITOR, started);
    let started = Instant::now();
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    timed(BARE_PARSE, started);
    let started = Instant::now();
    let output = prettyplease::unparse(&file);
    timed(BARE_FORMAT, started);
    Ok((output, stages))
}

fn mean_stages(
    stages: Vec<(&'static str, Duration)>,
    runs: usize,
) -> Vec<(&'static str, Duration)> {
    let runs = u32::try_from(runs.max(1)).unwrap_or(u32::MAX);
    stages.into_iter().map(|(s, t)| (s, t / runs)).collect()
}

fn check(specs: &[SpecFile]) -> Result<(), String> {
    codegen::generate(specs)
        .map(|_| ())
        .map_err(|d| format!("the generator refused the benchmark input:\n{d}"))
}

/// A synthetic OpenAPI 3.0.3 spec with `operations` GET operations, each
/// returning its own object schema (five fields, one of them a string enum,
/// one a nested `$ref`), plus a shared error schema: the shape of a typical
/// provider spec, repeated.
pub fn synthetic(operations: usize) -> String {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Error".into(),
        json!({ "type": "object", "properties": { "error": { "type": "string" } } }),
    );
    for i in 0..operations {
        let schema = format!("Resource{i}");
        paths.insert(
            format!("/v1/resources{i}/{{id}}"),
            json!({
                "get": {
                    "operationId": format!("get_resource{i}"),
                    "description": format!("Returns resource {i}."),
                    "parameters": [
                        { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } },
                        { "name": "expand", "in": "query", "schema": { "type": "boolean" } }
                    ],
                    "responses": {
                        "200": {
                            "description": "The resource.",
                            "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
                        },
                        "404": {
                            "description": "Not found.",
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                        }
                    }
                }
            }),
        );
        schemas.insert(
            schema.clone(),
            json!({
                "type": "object",
                "description": format!("Resource {i}."),
                "required": ["id"],
                "properties": {
                    "id": { "type": "string", "description": "The id." },
                    "name": { "type": "string", "nullable": true },
                    "count": { "type": "integer", "format": "int64" },
                    "state": { "type": "string", "enum": ["open", "closed", "archived"] },
                    "owner": { "$ref": "#/components/schemas/Error" }
                }
            }),
        );
    }
    let spec = json!({
        "openapi": "3.0.3",
        "info": { "title": "Synthetic API", "version": "1" },
        "paths": Value::Object(paths),
        "components": { "schemas": Value::Object(schemas) }
    });
    spec.to_string()
}

/// Peak resident memory of this process so far, in bytes (Linux: VmHWM).
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_specs_have_the_asked_number_of_operations_and_generate() {
        let text = synthetic(3);
        let value: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(value["paths"].as_object().map(|p| p.len()), Some(3));
        assert_eq!(
            value["components"]["schemas"].as_object().map(|s| s.len()),
            Some(4)
        );
        let generation = codegen::generate(&[SpecFile {
            path: "specs/synthetic.json".into(),
            text,
        }])
        .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(generation.crates[0].operations, 3);
    }
}
