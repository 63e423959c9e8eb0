//! One module per subcommand.

pub mod check;
pub mod common;
pub mod job;
pub mod lists;
pub mod screen;
