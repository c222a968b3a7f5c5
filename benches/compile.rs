//! Compile throughput: a generated 10,000-line Lua program (functions, loops, tables,
//! strings, closures, method calls) compiled from source to bytecode, reported in bytes/s.

use std::fmt::Write;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A deterministic, realistic-looking Lua source of about `lines` lines.
fn generated_source(lines: usize) -> String {
    let mut source = String::from("local Entity = {}\nEntity.__index = Entity\n");
    let mut n = 0;
    while source.lines().count() < lines {
        let _ = write!(
            source,
            r##"
-- entity kind {n}
function Entity.new_{n}(x, y, name)
  local self = setmetatable({{x = x, y = y, vx = 0, vy = {n} * 0.5, name = name or "e{n}"}}, Entity)
  self.tags = {{"a", "b", "c", [10] = true, hp = 100 + {n}}}
  return self
end

function Entity:update_{n}(dt)
  local speed <const> = 2 ^ 3 + {n}
  for i = 1, 10 do
    self.x = self.x + self.vx * dt + i // 2
    if self.x > 1000 or self.y < -1000 then
      self.vx = -self.vx
    elseif self.name == "boss" and not self.dead then
      self.hp = (self.hp or 0) - (i % 3)
    end
  end
  local total = 0
  for k, v in pairs(self.tags) do
    if type(v) == "number" then total = total + v end
  end
  local f = function(a, ...) return a + select("#", ...) + total end
  while total > 10 do total = total >> 1 end
  repeat local done = total <= 0; total = total - 1 until done
  return f(total, "x", 'y', [[z]]), self.name .. ":" .. tostring(total)
end
"##
        );
        n += 1;
    }
    source
}

fn compile(c: &mut Criterion) {
    let source = generated_source(10_000);
    red_moon::compiler::compile(source.as_bytes(), b"=bench").expect("the program compiles");
    let mut group = c.benchmark_group("compile");
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.bench_function("10k_lines", |b| {
        b.iter(|| red_moon::compiler::compile(source.as_bytes(), b"=bench"))
    });
    group.finish();
}

criterion_group!(benches, compile);
criterion_main!(benches);
