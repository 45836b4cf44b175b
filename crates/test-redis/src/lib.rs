//! A `redis-server` of the caller's own, on a free loopback port, without
//! persistence, killed on drop: the one launcher the Redis tests of
//! `pickyassist` and `pickyassist-cli` and the `stores` benchmark share.
//!
//! Tests call [`RedisServer::start`], which skips (returns `None`, with a
//! note on the terminal) when no server can be started, or fails the test
//! when [`REQUIRE`] is set. Benchmarks call [`RedisServer::try_start`] and
//! decide themselves.

use std::{
    io::{Read, Write},
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// Set (to anything) to make a missing or failing `redis-server` a test
/// failure instead of a skip: CI sets it.
pub const REQUIRE: &str = "PICKYASSIST_REQUIRE_REDIS";

/// How long a started server has to answer `PING`.
const READY_WITHIN: Duration = Duration::from_secs(10);

/// One `redis-server` process, killed on drop.
pub struct RedisServer {
    binary: PathBuf,
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server for `test`, or says on the terminal why the test is
    /// skipped and returns `None` (unless [`REQUIRE`] is set: then it panics).
    pub fn start(test: &str) -> Option<Self> {
        match Self::try_start() {
            Ok(server) => Some(server),
            Err(why) => {
                skip(test, &why);
                None
            }
        }
    }

    /// Starts a server and waits until it answers `PING`; why not when
    /// `redis-server` is not installed, does not start or does not answer.
    pub fn try_start() -> Result<Self, String> {
        let binary = find_binary().ok_or(
            "redis-server is not installed (Debian: apt-get install redis-server)".to_owned(),
        )?;
        let port = free_port()?;
        let dir =
            std::env::temp_dir().join(format!("pickyassist-redis-{port}-{}", std::process::id()));
        let mut server = Self {
            binary,
            port,
            dir,
            child: None,
        };
        server.spawn()?;
        Ok(server)
    }

    /// The loopback port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kills the server (the port stays reserved for [`restart`](Self::restart)).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port, empty.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn().expect("redis-server restarts on its port");
    }

    fn spawn(&mut self) -> Result<(), String> {
        std::fs::create_dir_all(&self.dir).map_err(|e| format!("temp dir: {e}"))?;
        let child = Command::new(&self.binary)
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("redis-server did not start: {e}"))?;
        self.child = Some(child);
        let deadline = Instant::now() + READY_WITHIN;
        while Instant::now() < deadline {
            if ping(self.port) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stop();
        Err(format!(
            "redis-server did not answer PING on port {} within {} s",
            self.port,
            READY_WITHIN.as_secs()
        ))
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `redis-server` on `PATH`, or in the directories packages install it to.
fn find_binary() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain(["/usr/bin", "/usr/sbin", "/usr/local/bin"].map(PathBuf::from))
        .map(|dir| dir.join("redis-server"))
        .find(|p| p.is_file())
}

/// A port the system just handed out, so most likely still free.
fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free loopback port: {e}"))
}

fn ping(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let mut answer = [0u8; 7];
    stream.write_all(b"PING\r\n").is_ok()
        && stream.read_exact(&mut answer).is_ok()
        && &answer == b"+PONG\r\n"
}

fn skip(test: &str, why: &str) {
    if std::env::var_os(REQUIRE).is_some() {
        panic!("{test}: {why} ({REQUIRE} is set, so this fails instead of skipping)");
    }
    // Straight to the terminal: libtest captures only print! and eprint!.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {why}. Install redis-server to run it \
         (set {REQUIRE}=1 to fail instead of skipping)."
    );
}

#[cfg(test)]
mod tests {
    use super::RedisServer;

    #[test]
    fn answers_ping_until_stopped_and_again_after_restart() {
        let Some(mut server) = RedisServer::start("answers_ping_until_stopped") else {
            return;
        };
        assert!(super::ping(server.port()));
        server.stop();
        assert!(!super::ping(server.port()));
        server.restart();
        assert!(super::ping(server.port()));
        let dir = server.dir.clone();
        drop(server);
        assert!(!dir.exists(), "its directory is removed on drop");
    }
}
