//! One module per subcommand.

pub mod check;
pub mod job;
pub mod lists;
pub mod screen;
