//! A `redis-server` of the test's own, on a free loopback port, without
//! persistence; and a recording Picky Assist stand-in that notes when each
//! push arrives.

use axum::{extract::State, routing::post, Router};
use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Set (to anything) to make a missing or failing `redis-server` a test
/// failure instead of a skip: CI sets it.
pub const REQUIRE: &str = "PICKYASSIST_REQUIRE_REDIS";

/// One `redis-server` process, killed on drop.
pub struct RedisServer {
    binary: PathBuf,
    port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server, or says on the terminal why the test is skipped and
    /// returns `None` (unless [`REQUIRE`] is set: then it panics).
    pub fn start(test: &str) -> Option<Self> {
        let Some(binary) = find_binary() else {
            skip(
                test,
                "redis-server is not installed (Debian: apt-get install redis-server)",
            );
            return None;
        };
        let port = free_port();
        let dir =
            std::env::temp_dir().join(format!("pickyassist-redis-{port}-{}", std::process::id()));
        let mut server = Self {
            binary,
            port,
            dir,
            child: None,
        };
        match server.spawn() {
            Ok(()) => Some(server),
            Err(why) => {
                skip(test, &why);
                None
            }
        }
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
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if ping(self.port) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stop();
        Err(format!(
            "redis-server did not answer PING on port {} within 10 s",
            self.port
        ))
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

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

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
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
        "SKIPPED {test}: {why}. Install redis-server and run \
         `cargo test -p pickyassist --features redis redis` (set {REQUIRE}=1 to fail instead of skipping)."
    );
}

/// When each push arrived, on the test's clock.
#[derive(Clone, Default)]
pub struct Arrivals(Arc<Mutex<Vec<Instant>>>);

impl Arrivals {
    /// The arrival times, sorted.
    pub fn times(&self) -> Vec<Instant> {
        let mut times = self.0.lock().expect("lock").clone();
        times.sort();
        times
    }

    /// The most arrivals in any window of `width` (closed at both ends).
    pub fn most_in_any_window(&self, width: Duration) -> usize {
        let times = self.times();
        (0..times.len())
            .map(|i| {
                times[i..]
                    .iter()
                    .take_while(|t| **t - times[i] <= width)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }
}

/// A stand-in for the Push API that accepts every push and notes when it
/// arrived; returns its base URL.
pub async fn recording_api(arrivals: Arrivals) -> String {
    async fn push(State(arrivals): State<Arrivals>) -> &'static str {
        arrivals.0.lock().expect("lock").push(Instant::now());
        r#"{"status":100,"push_id":"1","message":"Success","data":[{"number":"919000000001","msg_id":"1","status":100}]}"#
    }
    let app = Router::new()
        .route("/push", post(push))
        .with_state(arrivals);
    serve(app).await
}

/// Serves `app` on a free loopback port; returns its base URL.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}
