//! A small HTTP/1.1 server on 127.0.0.1 for the update tests: it serves fixture files and can
//! misbehave on purpose (error status, HTML page, body cut short, silence).
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The `Last-Modified` the server sends with every file.
pub const LAST_MODIFIED: &str = "Fri, 21 Nov 2025 18:30:00 GMT";

/// How the server answers one path.
#[derive(Clone)]
pub enum Reply {
    /// 200 with the bytes, as `text/csv`.
    File(Vec<u8>),
    /// This status with a short plain-text body.
    Status(u16),
    /// 200 with an HTML error page, as `text/html`.
    Html,
    /// 200 with an HTML error page mislabelled `text/csv`.
    HtmlAsCsv,
    /// 200 announcing `claimed` bytes but sending only `body`, then closing.
    Short { body: Vec<u8>, claimed: usize },
    /// 200 announcing `claimed` bytes, sending `prefix`, then saying nothing for `hold`.
    Hang {
        prefix: Vec<u8>,
        claimed: usize,
        hold: Duration,
    },
}

/// A running server.
pub struct Server {
    base: String,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts a server on a free port of 127.0.0.1. It runs until the test process ends.
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let log: Arc<Mutex<Vec<String>>> = Arc::default();
        let (r, l) = (routes.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (r, l) = (r.clone(), l.clone());
                std::thread::spawn(move || handle(stream, &r, &l));
            }
        });
        Server { base, routes, log }
    }

    /// The full address of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Answers `path` with `reply` from now on.
    pub fn set(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_string(), reply);
    }

    /// Serves the file at `file` under `path`.
    pub fn set_file(&self, path: &str, file: &Path) {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        self.set(path, Reply::File(bytes));
    }

    /// The paths requested so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// How many times `path` was requested.
    pub fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|p| *p == path).count()
    }
}

fn handle(mut stream: TcpStream, routes: &Mutex<HashMap<String, Reply>>, log: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let path = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_string();
    log.lock().unwrap().push(path.clone());
    let reply = routes.lock().unwrap().get(&path).cloned();
    let page = b"<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>\
                 <body><h1>Down for maintenance</h1></body></html>\n"
        .to_vec();
    let _ = match reply {
        None => respond(&mut stream, 404, "text/plain", b"not found\n"),
        Some(Reply::File(body)) => respond(&mut stream, 200, "text/csv", &body),
        Some(Reply::Status(code)) => respond(&mut stream, code, "text/plain", b"error\n"),
        Some(Reply::Html) => respond(&mut stream, 200, "text/html; charset=utf-8", &page),
        Some(Reply::HtmlAsCsv) => respond(&mut stream, 200, "text/csv", &page),
        Some(Reply::Short { body, claimed }) => write_head(&mut stream, 200, "text/csv", claimed)
            .and_then(|_| {
                stream.write_all(&body)?;
                stream.flush()
            }),
        Some(Reply::Hang {
            prefix,
            claimed,
            hold,
        }) => write_head(&mut stream, 200, "text/csv", claimed).and_then(|_| {
            stream.write_all(&prefix)?;
            stream.flush()?;
            std::thread::sleep(hold);
            Ok(())
        }),
    };
}

fn write_head(stream: &mut TcpStream, code: u16, ctype: &str, len: usize) -> std::io::Result<()> {
    let reason = match code {
        200 => "OK",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    write!(
        stream,
        "HTTP/1.1 {code} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {len}\r\n\
         Last-Modified: {LAST_MODIFIED}\r\nConnection: close\r\n\r\n"
    )
}

fn respond(stream: &mut TcpStream, code: u16, ctype: &str, body: &[u8]) -> std::io::Result<()> {
    write_head(stream, code, ctype, body.len())?;
    stream.write_all(body)?;
    stream.flush()
}

/// The fixture folder `fixtures/update/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/update")
        .join(name)
}

/// The OFAC file names as the Sanctions List Service publishes them, with the fixture file each
/// is served from.
pub const OFAC: [(&str, &str); 8] = [
    ("SDN.CSV", "sdn.csv"),
    ("ADD.CSV", "add.csv"),
    ("ALT.CSV", "alt.csv"),
    ("SDN_COMMENTS.CSV", "sdn_comments.csv"),
    ("CONS_PRIM.CSV", "cons_prim.csv"),
    ("CONS_ADD.CSV", "cons_add.csv"),
    ("CONS_ALT.CSV", "cons_alt.csv"),
    ("CONS_COMMENTS.CSV", "cons_comments.csv"),
];

/// Serves fixture set `name` (`v1`, `v2`) at `/ofac/<FILE>` and `/csl/consolidated.csv`.
pub fn serve_fixture(server: &Server, name: &str) {
    let dir = fixture(name);
    for (remote, local) in OFAC {
        server.set_file(&format!("/ofac/{remote}"), &dir.join(local));
    }
    server.set_file("/csl/consolidated.csv", &dir.join("consolidated.csv"));
}
