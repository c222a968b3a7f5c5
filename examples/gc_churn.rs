//! Garbage churn: a Lua loop allocates and drops 10,000,000 short-lived tables.
//!
//! Prints, for each variant, the elapsed time, the collection cycles completed, the peak of
//! the heap's nominal size (`collectgarbage("count")` sampled from Lua every 100,000
//! iterations) and the process's peak RSS (`VmHWM` in `/proc/self/status`; it never goes
//! down, so run one variant per process to compare peaks).
//!
//! Run: `cargo run --release --example gc_churn [plain|cycle|live|all] [iterations]`
//! (`all` by default, 10,000,000 iterations). Each variant's script is printed with
//! `--script VARIANT`, so `lua5.4 -e "$(cargo run -q --release --example gc_churn -- --script
//! plain)"` runs the same loop under the reference interpreter.

use red_moon::interpreter::Vm;
use std::time::Instant;

/// The loop of each variant (`N` is replaced by the iteration count). Each script returns the
/// peak of `collectgarbage("count")` in KiB.
fn script(variant: &str, iterations: u64) -> Option<String> {
    let body = match variant {
        // One two-element table per iteration, dropped at once.
        "plain" => "local t = {i, i}",
        // A two-table cycle per iteration.
        "cycle" => "local a = {i}; local b = {a}; a[2] = b",
        // Like `plain`, on top of a live heap of 100,000 tables the collector keeps marking.
        "live" => "local t = {i, i}",
        _ => return None,
    };
    let setup = if variant == "live" {
        "live = {} for i = 1, 100000 do live[i] = {i} end\n"
    } else {
        ""
    };
    Some(format!(
        "{setup}local peak = collectgarbage('count')
for i = 1, {iterations} do
  {body}
  if i % 100000 == 0 then
    local kib = collectgarbage('count')
    if kib > peak then peak = kib end
  end
end
print(string.format('peak collectgarbage(\"count\"): %.0f KiB', peak))
return peak"
    ))
}

/// A line of `/proc/self/status` (e.g. `VmHWM`), as written there.
fn status_field(name: &str) -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
        .map(|value| value.trim().to_owned())
}

fn run_variant(variant: &str, iterations: u64) {
    let Some(source) = script(variant, iterations) else {
        eprintln!("unknown variant {variant} (plain, cycle, live, all)");
        std::process::exit(2);
    };
    let mut vm = Vm::default();
    let ctx = &mut vm.context();
    ctx.open_standard_libraries();
    let chunk = ctx.load(&source, "=gc_churn").expect("the loop compiles");
    let start = Instant::now();
    let peak: f64 = match chunk.call((), ctx) {
        Ok(peak) => peak,
        Err(error) => {
            eprintln!("gc_churn {variant}: {error}");
            std::process::exit(1);
        }
    };
    let elapsed = start.elapsed();
    let stats = ctx.gc_stats();
    println!(
        "gc_churn {variant}: {iterations} iterations in {:.2} s ({:.1} M tables/s), \
         {} cycles, peak memory_used {:.0} KiB, final memory_used {} KiB, \
         process VmHWM {}",
        elapsed.as_secs_f64(),
        iterations as f64 * if variant == "cycle" { 2.0 } else { 1.0 }
            / elapsed.as_secs_f64()
            / 1e6,
        stats.cycles,
        peak,
        stats.bytes / 1024,
        status_field("VmHWM").unwrap_or_else(|| "unavailable".to_owned()),
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next().unwrap_or_else(|| "all".to_owned());
    if first == "--script" {
        let variant = args.next().unwrap_or_else(|| "plain".to_owned());
        let iterations = args
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(10_000_000);
        match script(&variant, iterations) {
            Some(source) => println!("{source}"),
            None => std::process::exit(2),
        }
        return;
    }
    let iterations = args
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000_000);
    if first == "all" {
        for variant in ["plain", "cycle", "live"] {
            run_variant(variant, iterations);
        }
    } else {
        run_variant(&first, iterations);
    }
}
