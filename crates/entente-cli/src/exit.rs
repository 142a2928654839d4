//! How a command's outcome becomes a process exit code: 0 ok, 1 failure, 2 bad usage or bad input.

use std::process::ExitCode;

/// A command that did not succeed.
#[derive(Debug)]
pub enum CliError {
    /// The input (a file, an argument, a flag) is wrong: exit code 2.
    BadInput(anyhow::Error),
    /// The work itself failed (database unreachable, I/O error…): exit code 1.
    Failed(anyhow::Error),
}

pub type CliResult = Result<(), CliError>;

impl CliError {
    pub fn bad_input(e: impl Into<anyhow::Error>) -> Self {
        CliError::BadInput(e.into())
    }

    pub fn exit(self) -> ExitCode {
        // The reader of our output went away (`entente … | head`): what it wanted, it has.
        let closed = |e: &anyhow::Error| {
            e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            })
        };
        match self {
            CliError::BadInput(e) | CliError::Failed(e) if closed(&e) => ExitCode::SUCCESS,
            CliError::BadInput(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
            CliError::Failed(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        }
    }
}

/// Any other error is a failure (exit 1); use [`CliError::bad_input`] for bad input.
impl<E: Into<anyhow::Error>> From<E> for CliError {
    fn from(e: E) -> Self {
        CliError::Failed(e.into())
    }
}
