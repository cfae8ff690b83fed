//! A plain static file server (Python's `http.server`) for the tests that serve a built
//! site the way a host would.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Python's static file server over `root` on a free loopback port, stopped when
/// dropped: it knows nothing of carepress, like the hosts the site is deployed to.
pub struct StaticServer {
    child: Child,
    pub addr: String,
}

impl StaticServer {
    pub fn start(python: &Path, root: &Path) -> StaticServer {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(python)
            .args(["-m", "http.server", "--bind", "127.0.0.1", "--directory"])
            .arg(root)
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("http.server starts");
        let server = StaticServer {
            child,
            addr: format!("127.0.0.1:{port}"),
        };
        let started = Instant::now();
        while TcpStream::connect(&server.addr).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "http.server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
