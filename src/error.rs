//! One error type for the library: every variant names the file, and where it can the line and
//! field, so that a user knows what to fix.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong while loading lists, reading vendor files or screening.
#[derive(Debug)]
pub enum Error {
    /// A file could not be opened, read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A file was read but its content is wrong.
    Parse {
        /// The file (or `<stdin>`, `<shipped>/...`).
        path: PathBuf,
        /// 1-based line, when known.
        line: Option<u64>,
        /// The field (column name or position), when known.
        field: Option<String>,
        /// What is wrong and, where possible, what to do.
        message: String,
    },
    /// A request that cannot be carried out as given (bad option, bad configuration).
    Invalid(String),
    /// A file could not be downloaded, or what arrived is not the file (HTTP error status, web
    /// page instead of a list, body cut short, time-out).
    Download {
        /// The address asked for.
        url: String,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A content error in `path` at `line`, in `field`.
    pub fn parse(
        path: impl Into<PathBuf>,
        line: Option<u64>,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Error {
        Error::Parse {
            path: path.into(),
            line,
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            Error::Parse {
                path,
                line,
                field,
                message,
            } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ", line {line}")?;
                }
                if let Some(field) = field {
                    write!(f, ", field {field}")?;
                }
                write!(f, ": {message}")
            }
            Error::Invalid(message) => f.write_str(message),
            Error::Download { url, message } => write!(f, "{url}: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
