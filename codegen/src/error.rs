//! Generator errors: always name the file and, where there is one, the
//! JSON pointer inside it.

use std::fmt;

/// A problem found while reading the schema or generating code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// File the problem is in.
    pub file: String,
    /// JSON pointer inside the file (empty for the whole file).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl Error {
    /// Builds an error.
    pub fn new(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}: {}", self.file, self.pointer, self.message)
    }
}

impl std::error::Error for Error {}
