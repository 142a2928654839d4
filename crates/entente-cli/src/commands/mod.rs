//! One module per command group; each exposes clap `Args` and a `run` function.

pub mod allocation;
