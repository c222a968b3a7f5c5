//! Placeholder for the pattern-matching engine.
