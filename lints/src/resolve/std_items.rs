//! What the std modules that hold authority export, so that a glob import of one of them
//! (`use std::fs::*;`) explains only the names it really brings in: under `use std::fs::*; use
//! std::net::*;`, `TcpStream` is `std::net::TcpStream`, never `std::fs::TcpStream`. For any
//! other module a glob may explain any name (fail closed).

/// Module → its public names, each list sorted (binary search).
const MODULES: &[(&str, &[&str])] = &[
    (
        "std::env",
        &[
            "Args",
            "ArgsOs",
            "JoinPathsError",
            "SplitPaths",
            "VarError",
            "Vars",
            "VarsOs",
            "args",
            "args_os",
            "consts",
            "current_dir",
            "current_exe",
            "home_dir",
            "join_paths",
            "remove_var",
            "set_current_dir",
            "set_var",
            "split_paths",
            "temp_dir",
            "var",
            "var_os",
            "vars",
            "vars_os",
        ],
    ),
    (
        "std::fs",
        &[
            "DirBuilder",
            "DirEntry",
            "File",
            "FileTimes",
            "FileType",
            "Metadata",
            "OpenOptions",
            "Permissions",
            "ReadDir",
            "TryLockError",
            "canonicalize",
            "copy",
            "create_dir",
            "create_dir_all",
            "exists",
            "hard_link",
            "metadata",
            "read",
            "read_dir",
            "read_link",
            "read_to_string",
            "remove_dir",
            "remove_dir_all",
            "remove_file",
            "rename",
            "set_permissions",
            "soft_link",
            "symlink_metadata",
            "write",
        ],
    ),
    (
        "std::io",
        &[
            "BorrowedBuf",
            "BorrowedCursor",
            "BufRead",
            "BufReader",
            "BufWriter",
            "Bytes",
            "Chain",
            "Cursor",
            "Empty",
            "Error",
            "ErrorKind",
            "IntoInnerError",
            "IoSlice",
            "IoSliceMut",
            "IsTerminal",
            "LineWriter",
            "Lines",
            "PipeReader",
            "PipeWriter",
            "RawOsError",
            "Read",
            "Repeat",
            "Result",
            "Seek",
            "SeekFrom",
            "Sink",
            "Split",
            "Stderr",
            "StderrLock",
            "Stdin",
            "StdinLock",
            "Stdout",
            "StdoutLock",
            "Take",
            "Write",
            "WriterPanicked",
            "copy",
            "empty",
            "pipe",
            "prelude",
            "read_to_string",
            "repeat",
            "sink",
            "stderr",
            "stdin",
            "stdout",
        ],
    ),
    (
        "std::net",
        &[
            "AddrParseError",
            "Incoming",
            "IntoIncoming",
            "IpAddr",
            "Ipv4Addr",
            "Ipv6Addr",
            "Ipv6MulticastScope",
            "Shutdown",
            "SocketAddr",
            "SocketAddrV4",
            "SocketAddrV6",
            "TcpListener",
            "TcpStream",
            "ToSocketAddrs",
            "UdpSocket",
        ],
    ),
    (
        "std::process",
        &[
            "Child",
            "ChildStderr",
            "ChildStdin",
            "ChildStdout",
            "Command",
            "CommandArgs",
            "CommandEnvs",
            "ExitCode",
            "ExitStatus",
            "ExitStatusError",
            "Output",
            "Stdio",
            "Termination",
            "abort",
            "exit",
            "id",
        ],
    ),
    (
        "std::thread",
        &[
            "AccessError",
            "Builder",
            "JoinHandle",
            "LocalKey",
            "Result",
            "Scope",
            "ScopedJoinHandle",
            "Thread",
            "ThreadId",
            "available_parallelism",
            "current",
            "panicking",
            "park",
            "park_timeout",
            "park_timeout_ms",
            "scope",
            "sleep",
            "sleep_ms",
            "sleep_until",
            "spawn",
            "yield_now",
        ],
    ),
    ("std::time", &["Duration", "Instant", "SystemTime", "SystemTimeError", "TryFromFloatSecsError", "UNIX_EPOCH"]),
];

/// Whether a glob import of `module` may bring in `name`.
#[must_use]
pub(crate) fn glob_may_have(module: &[String], name: &str) -> bool {
    if super::is_prelude_name(name) {
        return false;
    }
    let [root, rest @ ..] = module else { return true };
    // `core::time` and `std::time` are the same module for these purposes.
    if !matches!(root.as_str(), "std" | "core" | "alloc") {
        return true;
    }
    let joined = format!("std::{}", rest.join("::"));
    match MODULES.iter().find(|(m, _)| *m == joined) {
        Some((_, names)) => names.binary_search(&name).is_ok(),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_globs_explain_only_their_names() {
        for (module, names) in MODULES {
            let mut sorted = names.to_vec();
            sorted.sort_unstable();
            assert_eq!(&sorted, names, "{module}");
        }
        let fs = ["std".to_owned(), "fs".to_owned()];
        assert!(glob_may_have(&fs, "read") && !glob_may_have(&fs, "TcpStream") && !glob_may_have(&fs, "Some"));
        assert!(glob_may_have(&["tokio".to_owned(), "net".to_owned()], "TcpStream"));
    }
}
