//! A rollback frame loop on Red Moon's persistent heap.
//!
//! A world of entity tables is updated every frame; the VM is snapshotted every frame into a
//! ring of the last 8 frames (`vm.clone()`, O(1)). Every 30 frames a "late input" arrives: the
//! VM rolls back 8 frames (`vm.clone_from`) and re-simulates them, and the result must equal
//! the state the uninterrupted simulation reached. (Scripts arrive with the interpreter; here the
//! frame update is driven from Rust through the table API.)
//!
//! Run: `cargo run --release --example rollback [entities] [frames]`

use red_moon::errors::RuntimeError;
use red_moon::interpreter::{TableRef, Vm, VmContext};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

const RING: usize = 8;

fn spawn_world(ctx: &mut VmContext, entities: i64) -> Result<TableRef, RuntimeError> {
    let world = ctx.create_table();
    for id in 1..=entities {
        let entity = ctx.create_table();
        entity.raw_set("id", id, ctx)?;
        entity.raw_set("x", (id % 100) as f64, ctx)?;
        entity.raw_set("y", (id / 100) as f64, ctx)?;
        entity.raw_set("vx", 1.0, ctx)?;
        entity.raw_set("vy", 0.5, ctx)?;
        entity.raw_set("state", "idle", ctx)?;
        world.raw_set(id, entity, ctx)?;
    }
    ctx.default_environment().set("world", world, ctx)?;
    Ok(world)
}

/// One simulation step: every 10th entity (by frame) moves; input flips velocities.
fn update(
    ctx: &mut VmContext,
    world: TableRef,
    frame: i64,
    input: i64,
) -> Result<(), RuntimeError> {
    let entities = world.raw_len(ctx)? as i64;
    let mut id = 1 + frame % 10;
    while id <= entities {
        let entity: TableRef = world.raw_get(id, ctx)?;
        let mut vx: f64 = entity.raw_get("vx", ctx)?;
        if input % 7 == id % 7 {
            vx = -vx;
            entity.raw_set("vx", vx, ctx)?;
            entity.raw_set("state", "turning", ctx)?;
        }
        let x: f64 = entity.raw_get("x", ctx)?;
        let y: f64 = entity.raw_get("y", ctx)?;
        let vy: f64 = entity.raw_get("vy", ctx)?;
        entity.raw_set("x", x + vx, ctx)?;
        entity.raw_set("y", y + vy, ctx)?;
        id += 10;
    }
    ctx.default_environment().set("frame", frame, ctx)
}

/// Deterministic "player input" for a frame.
fn input_for(frame: i64) -> i64 {
    (frame * 7919 + 13) % 101
}

fn checksum(ctx: &mut VmContext, world: TableRef) -> Result<f64, RuntimeError> {
    let mut sum = 0.0;
    for id in 1..=world.raw_len(ctx)? as i64 {
        let entity: TableRef = world.raw_get(id, ctx)?;
        let x: f64 = entity.raw_get("x", ctx)?;
        let y: f64 = entity.raw_get("y", ctx)?;
        sum += x * 3.0 + y;
    }
    Ok(sum)
}

fn main() -> Result<(), RuntimeError> {
    let mut args = std::env::args().skip(1);
    let entities: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let frames: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(600);

    let mut vm = Vm::default();
    let world = spawn_world(&mut vm.context(), entities)?;
    let mut ring: VecDeque<(i64, Vm)> = VecDeque::with_capacity(RING);
    let (mut snapshot_time, mut evict_time, mut update_time, mut rollback_time) = (
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
        Duration::ZERO,
    );
    let mut rollbacks = 0;

    for frame in 0..frames {
        if ring.len() == RING {
            // Dropping the oldest snapshot frees what only it still shared: the old versions of
            // the objects written since. Its cost follows the writes, not the heap size.
            let started = Instant::now();
            drop(ring.pop_front());
            evict_time += started.elapsed();
        }
        let started = Instant::now();
        let snapshot = vm.clone();
        snapshot_time += started.elapsed();
        ring.push_back((frame, snapshot));

        let started = Instant::now();
        update(&mut vm.context(), world, frame, input_for(frame))?;
        update_time += started.elapsed();

        if frame % 30 == 29 && ring.len() == RING {
            // A late input: restore the oldest snapshot and re-simulate up to this frame.
            let expected = checksum(&mut vm.context(), world)?;
            let started = Instant::now();
            let (from, snapshot) = ring.front().expect("ring is full");
            let from = *from;
            vm.clone_from(snapshot);
            for replay in from..=frame {
                update(&mut vm.context(), world, replay, input_for(replay))?;
            }
            rollback_time += started.elapsed();
            rollbacks += 1;
            let replayed = checksum(&mut vm.context(), world)?;
            assert_eq!(
                expected.to_bits(),
                replayed.to_bits(),
                "re-simulation diverged"
            );
        }
    }

    let per_frame = |d: Duration| d.as_secs_f64() * 1e6 / frames as f64;
    println!(
        "entities: {entities}, frames: {frames}, live tables: {}",
        vm.context().table_count()
    );
    println!(
        "snapshot (vm.clone) per frame: {:.3} µs",
        per_frame(snapshot_time)
    );
    println!(
        "evict oldest snapshot per frame: {:.2} µs",
        per_frame(evict_time)
    );
    println!(
        "update per frame:              {:.2} µs",
        per_frame(update_time)
    );
    if rollbacks > 0 {
        println!(
            "rollbacks: {rollbacks}, each restoring {RING} frames back and re-simulating: {:.1} µs",
            rollback_time.as_secs_f64() * 1e6 / rollbacks as f64
        );
    }
    println!("re-simulations matched the original run: yes");
    Ok(())
}
