//! A small static file server for the built app and for the browser tests. Hand-written on
//! `std::net` (about 100 lines) instead of pulling an async HTTP stack into the build: it
//! only needs GET/HEAD of files, correct MIME types (`application/wasm` for streaming
//! compilation) and optional extra headers (a Content-Security-Policy for the CSP tests).

use crate::Result;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

/// The Content-Security-Policy the app is built to run under (documented for website admins
/// in the README): only its own scripts, plus WebAssembly compilation.
pub const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; frame-ancestors *";

pub struct Server {
    pub port: u16,
    handle: JoinHandle<()>,
}

struct Config {
    mounts: Vec<(String, PathBuf)>,
    csp: Option<String>,
}

impl Server {
    /// Serve `mounts` (URL prefix → folder; the longest prefix wins) on `addr`; port 0 picks a
    /// free port. Runs until the process ends.
    pub fn start(
        addr: impl ToSocketAddrs,
        mut mounts: Vec<(String, PathBuf)>,
        csp: Option<String>,
    ) -> Result<Server> {
        let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen: {e}"))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        mounts.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        let config = Arc::new(Config { mounts, csp });
        let handle = std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let config = Arc::clone(&config);
                std::thread::spawn(move || {
                    let _ = handle(stream, &config);
                });
            }
        });
        Ok(Server { port, handle })
    }

    pub fn wait(self) {
        let _ = self.handle.join();
    }
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "csv" => "text/csv; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Map a URL path to a file under the mounts, refusing `..` and absolute components.
fn resolve(config: &Config, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let (prefix, dir) = config
        .mounts
        .iter()
        .find(|(p, _)| path.starts_with(p.as_str()))?;
    let rel = percent_decode(&path[prefix.len()..]);
    let rel = Path::new(rel.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut full = dir.join(rel);
    if full.is_dir() {
        full = full.join("index.html");
    }
    full.is_file().then_some(full)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn handle(stream: TcpStream, config: &Config) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; nothing in them changes the answer.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let mut stream = stream;
    let (status, body, content_type) = match (method, resolve(config, target)) {
        ("GET" | "HEAD", Some(file)) => match std::fs::read(&file) {
            Ok(body) => ("200 OK", body, mime(&file)),
            Err(_) => (
                "500 Internal Server Error",
                b"read error".to_vec(),
                "text/plain",
            ),
        },
        ("GET" | "HEAD", None) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        _ => ("405 Method Not Allowed", Vec::new(), "text/plain"),
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(csp) = &config.csp {
        head.push_str(&format!("Content-Security-Policy: {csp}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_escapes_and_picks_longest_mount() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("index.html"), "i").unwrap();
        std::fs::write(dir.join("a/x.js"), "x").unwrap();
        let config = Config {
            mounts: vec![("/fx/".into(), dir.join("a")), ("/".into(), dir.clone())],
            csp: None,
        };
        assert_eq!(resolve(&config, "/"), Some(dir.join("index.html")));
        assert_eq!(resolve(&config, "/a/x.js?v=1"), Some(dir.join("a/x.js")));
        assert_eq!(resolve(&config, "/fx/x.js"), Some(dir.join("a/x.js")));
        assert_eq!(resolve(&config, "/../etc/passwd"), None);
        assert_eq!(resolve(&config, "/a/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(&config, "/missing"), None);
        assert_eq!(mime(Path::new("x.wasm")), "application/wasm");
    }
}
