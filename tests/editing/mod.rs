//! Helpers for the editing-loop tests: fixture sites in temporary folders, the real binary
//! started and stopped, and a small HTTP client that sends requests exactly as written (so
//! `..` and `%2e%2e` reach the server unchanged) and reads Server-Sent Events.

#![allow(dead_code)] // each test binary uses a different part

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_careerguide")
}

pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A copy of `tests/fixtures/<name>` in a temporary folder, removed when dropped, with the
/// small shared test theme (`tests/fixtures/test-theme`) unless the fixture has its own.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_dir(&fixture_dir(name), dir.path());
    if !dir.path().join("themes").exists() {
        copy_dir(&fixture_dir("test-theme"), &dir.path().join("themes"));
    }
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `careerguide serve` running on a copy of a fixture; killed when dropped.
pub struct Server {
    pub url: String,
    /// With `--edit`: the editing key from the address serve printed after `#edit=`.
    pub edit_token: Option<String>,
    pub root: tempfile::TempDir,
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(fixture_name: &str, args: &[&str]) -> Server {
        Server::start_with(fixture_name, args, |_| {})
    }

    /// Like [`Server::start`], changing the copied site first.
    pub fn start_with(fixture_name: &str, args: &[&str], prepare: impl FnOnce(&Path)) -> Server {
        let root = fixture(fixture_name);
        prepare(root.path());
        Server::start_in(root, args)
    }

    pub fn start_in(root: tempfile::TempDir, args: &[&str]) -> Server {
        Server::start_in_env(root, args, &[])
    }

    /// Like [`Server::start_in`], with extra environment variables.
    pub fn start_in_env(root: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(bin())
            .envs(env.iter().copied())
            .arg("serve")
            .arg("--root")
            .arg(root.path())
            .args(["--port", "0"])
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start careerguide serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        {
            let stderr = stderr.clone();
            let pipe = child.stderr.take().unwrap();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    let mut s = stderr.lock().unwrap();
                    s.push_str(&line);
                    s.push('\n');
                }
            });
        }
        let (lines, receiver) = channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            url: String::new(),
            edit_token: None,
            root,
            child,
            stderr,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match receiver.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("Serving the guide at ") {
                        server.url = url.trim().to_string();
                        if !args.contains(&"--edit") {
                            return server;
                        }
                    }
                    if let Some(rest) = line.strip_prefix("Editing is on: open ") {
                        server.edit_token =
                            rest.split_once("#edit=").map(|(_, t)| t.trim().to_string());
                        return server;
                    }
                }
                Err(_) => panic!(
                    "serve did not print its address in time; stderr:\n{}",
                    server.stderr()
                ),
            }
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// Saves a file the way a simple editor does: the whole file rewritten in place.
    pub fn edit(&self, rel: &str, change: impl FnOnce(&str) -> String) {
        let path = self.path(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = change(&text);
        assert_ne!(text, changed, "the edit to {rel} changed nothing");
        std::fs::write(&path, changed).unwrap();
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn wait_for_stderr(&self, needle: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.stderr().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("serve never said {needle:?}; stderr:\n{}", self.stderr());
    }

    /// Listens to the event stream, as an open page does.
    pub fn events(&self) -> Events {
        Events::connect(&self.url)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `host:port` from `http://host:port/`.
fn authority(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
}

pub fn get(url: &str, path: &str) -> Response {
    raw_get(url, &format!("GET {path} HTTP/1.1"))
}

/// Sends `request_line` exactly as written and reads the whole answer.
pub fn raw_get(url: &str, request_line: &str) -> Response {
    raw_request(
        url,
        &format!(
            "{request_line}\r\nHost: {}\r\nConnection: close\r\nContent-Length: 0",
            authority(url)
        ),
    )
}

/// `host:port` of the preview at `url`.
pub fn host_of(url: &str) -> String {
    authority(url)
}

/// Sends `head` (request line and headers, without the blank line that ends them) exactly
/// as written and reads the whole answer.
pub fn raw_request(url: &str, head: &str) -> Response {
    raw_request_with_body(url, head, b"")
}

/// [`raw_request`], then `body` after the blank line.
pub fn raw_request_with_body(url: &str, head: &str, body: &[u8]) -> Response {
    let mut stream = TcpStream::connect(authority(url)).expect("connect to serve");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "{head}\r\n\r\n").unwrap();
    // The server may answer (and close) before reading a body it refuses.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the answer");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete HTTP answer");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// An open event stream: each event as (name, data).
pub struct Events {
    receiver: Receiver<(String, String)>,
    stream: TcpStream,
}

impl Events {
    fn connect(url: &str) -> Events {
        let mut stream = TcpStream::connect(authority(url)).expect("connect to serve");
        write!(
            stream,
            "GET /__careerguide/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            authority(url)
        )
        .unwrap();
        let reader = stream.try_clone().unwrap();
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(reader);
            // Headers.
            let mut line = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line == "\r\n" {
                    break;
                }
            }
            // Chunked body, parsed into events.
            let mut text = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let Ok(size) = usize::from_str_radix(line.trim(), 16) else {
                    return;
                };
                if size == 0 {
                    return;
                }
                let mut chunk = vec![0; size + 2];
                if reader.read_exact(&mut chunk).is_err() {
                    return;
                }
                text.push_str(&String::from_utf8_lossy(&chunk[..size]));
                while let Some(end) = text.find("\n\n") {
                    let block: String = text.drain(..end + 2).collect();
                    let mut name = "message".to_string();
                    let mut data = Vec::new();
                    for l in block.lines() {
                        if let Some(n) = l.strip_prefix("event:") {
                            name = n.trim().to_string();
                        } else if let Some(d) = l.strip_prefix("data:") {
                            data.push(d.strip_prefix(' ').unwrap_or(d).to_string());
                        }
                    }
                    if data.is_empty() {
                        continue; // keep-alive comment
                    }
                    if sender.send((name, data.join("\n"))).is_err() {
                        return;
                    }
                }
            }
        });
        Events { receiver, stream }
    }

    /// The next event, whatever it is.
    pub fn next_any(&self, timeout: Duration) -> (String, String) {
        match self.receiver.recv_timeout(timeout) {
            Ok(e) => e,
            Err(RecvTimeoutError::Timeout) => panic!("no event within {timeout:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the event stream closed"),
        }
    }

    /// The data of the next event called `name`, skipping others.
    pub fn next_named(&self, name: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.receiver.recv_timeout(left) {
                Ok((n, data)) if n == name => return data,
                Ok(other) => seen.push(other),
                Err(_) => panic!("no {name:?} event within {timeout:?}; saw {seen:?}"),
            }
        }
    }

    /// The next event if one comes within `timeout`.
    pub fn try_next(&self, timeout: Duration) -> Option<(String, String)> {
        self.receiver.recv_timeout(timeout).ok()
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}
