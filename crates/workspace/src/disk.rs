//! Every read of the workspace goes through here: cached (a file is read
//! once however many lookups touch it), bounded in size, checked to be text,
//! and kept inside the analysed directory.

use fedscope_js::Value;
use fedscope_js::facts::ModuleFacts;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

/// Larger files are not read (a config or package.json this big is not one).
pub const MAX_TEXT: u64 = 8 * 1024 * 1024;
/// The stack of every thread that parses: the parser and the collectors recurse once per level
/// of nesting (a few KB each), so a file of 5,000 nested brackets overflows 8 MB. Reserved
/// address space, not memory: only a deeply nested file touches more than a few pages of it.
pub(crate) const PARSE_STACK: usize = 1 << 30;
/// Sources larger than this are parsed only when a walk reaches them, not ahead.
const PARSE_AHEAD_MAX: u64 = 512 * 1024;
/// Lockfiles can be big.
pub const MAX_LOCKFILE: u64 = 256 * 1024 * 1024;

/// A JSON file read once: its value, or the error and the line it is on.
type JsonRead = Result<Rc<Value>, (String, Option<u32>)>;

/// Why a source module has no facts.
#[derive(Clone, Debug)]
pub enum SourceError {
    /// It could not be read as text (binary, too big, missing).
    Read(String),
    /// Not parsed, with the place: a syntax error (the message says so), or nesting too deep.
    Syntax { line: u32, column: u32, message: String },
}

/// A source module parsed once for the whole run.
pub type ModuleRead = Result<Arc<ModuleFacts>, SourceError>;

/// A directory's entries: name → is a directory (files and symlinks to files are `false`).
pub(crate) type Listing = Option<Rc<HashMap<std::ffi::OsString, bool>>>;

pub struct Disk {
    pub root: PathBuf,
    texts: RefCell<HashMap<PathBuf, Result<Rc<str>, String>>>,
    json: RefCell<HashMap<PathBuf, JsonRead>>,
    /// Source modules parsed so far (each once, whichever app reaches it; shared with the
    /// threads of [`Disk::parse_in_background`]).
    /// (maps keyed by a path's bytes: hashing a `Path` walks its components)
    modules: std::sync::Mutex<HashMap<OsString, ModuleRead>>,
    /// The modules asked for (what the analysis read, whoever parsed it, whenever).
    asked: RefCell<rustc_hash::FxHashSet<OsString>>,
    /// Directory listings, so that probing extensions costs no system call per try.
    listings: RefCell<HashMap<OsString, Listing>>,
}

/// Lexically normalises `..` and `.` (no symlinks followed).
pub fn normalize(p: &Path) -> PathBuf {
    if is_normal(p) {
        return p.to_path_buf();
    }
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `dir` joined with a relative request (`./a`, `../b/c`, `.`), made normal: [`normalize`] of the
/// join, without parsing components where `dir` is normal already (the walks join one per import).
pub fn join_normal(dir: &Path, request: &str) -> PathBuf {
    if !is_normal(dir) {
        return normalize(&dir.join(request));
    }
    let mut out = dir.to_path_buf();
    for seg in request.split('/') {
        match seg {
            "" | "." => {}
            // (the root's parent is the root)
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out
}

/// Whether a path is already what [`normalize`] makes of it: absolute, with no `.` or `..`
/// segment, no repeated or trailing separator (a byte scan, no allocation).
pub(crate) fn is_normal(p: &Path) -> bool {
    let b = p.as_os_str().as_encoded_bytes();
    b.first() == Some(&b'/')
        && !b.split(|c| *c == b'/').skip(1).any(|seg| seg.is_empty() || seg == b"." || seg == b"..")
}

impl Disk {
    pub fn new(root: &Path) -> Disk {
        Disk {
            root: normalize(root),
            texts: RefCell::new(HashMap::default()),
            json: RefCell::new(HashMap::default()),
            modules: Default::default(),
            asked: Default::default(),
            listings: RefCell::new(HashMap::default()),
        }
    }

    /// `path` relative to the analysed directory, with forward slashes.
    pub fn rel(&self, path: &Path) -> String {
        // (the common case without parsing components: a normal path below the root)
        let (b, root) = (path.as_os_str().as_encoded_bytes(), self.root.as_os_str().as_encoded_bytes());
        if let Some(rest) = b.strip_prefix(root).and_then(|r| r.strip_prefix(b"/"))
            && !rest.is_empty()
            && is_normal(path)
            && let Ok(s) = std::str::from_utf8(rest)
            && !s.contains('\\')
        {
            return s.to_string();
        }
        let p = path.strip_prefix(&self.root).unwrap_or(path);
        let s = p.to_string_lossy().replace('\\', "/");
        if s.is_empty() { ".".into() } else { s }
    }

    pub fn inside(&self, path: &Path) -> bool {
        if is_normal(path) {
            return path.starts_with(&self.root);
        }
        normalize(path).starts_with(&self.root)
    }

    pub fn is_file(&self, path: &Path) -> bool {
        self.inside(path) && self.entry(path) == Some(false)
    }

    pub fn is_dir(&self, path: &Path) -> bool {
        self.inside(path) && self.entry(path) == Some(true)
    }

    /// Whether `path` exists as a directory (`true`) or a file (`false`),
    /// from its parent's listing (read once).
    fn entry(&self, path: &Path) -> Option<bool> {
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else { return None };
        self.listing(parent)?.get(name).copied()
    }

    /// The names in a directory, each with whether it is a directory (read once).
    pub(crate) fn listing(&self, dir: &Path) -> Listing {
        if let Some(l) = self.listings.borrow().get(dir.as_os_str()) {
            return l.clone();
        }
        let l = std::fs::read_dir(dir).ok().map(|rd| {
            let mut map = HashMap::default();
            for e in rd.flatten() {
                let Ok(t) = e.file_type() else { continue };
                // a symlink counts as what it points to; one that cannot be followed counts
                // as a file (reading it reports the problem)
                let is_dir =
                    if t.is_symlink() { std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir()) } else { t.is_dir() };
                map.insert(e.file_name(), is_dir);
            }
            Rc::new(map)
        });
        self.listings.borrow_mut().insert(dir.as_os_str().to_owned(), l.clone());
        l
    }

    fn modules(&self) -> std::sync::MutexGuard<'_, HashMap<OsString, ModuleRead>> {
        // (a thread that panicked holding the lock left the map whole: entries are inserted whole)
        self.modules.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The facts of a source module, parsed once for the whole run.
    pub fn module(&self, path: &Path) -> ModuleRead {
        self.asked.borrow_mut().insert(path.as_os_str().to_owned());
        if let Some(m) = self.modules().get(path.as_os_str()) {
            return m.clone();
        }
        let m = if self.inside(path) {
            read_source(path)
        } else {
            Err(SourceError::Read("it is outside the analysed directory".into()))
        };
        // (a background thread may have parsed it meanwhile: the same facts)
        self.modules().entry(path.as_os_str().to_owned()).or_insert(m).clone()
    }

    /// The modules of `paths` not parsed yet, once each, inside the analysed directory.
    fn unparsed<'p>(&self, paths: &'p [PathBuf]) -> Vec<&'p PathBuf> {
        let modules = self.modules();
        let mut seen = rustc_hash::FxHashSet::default();
        paths.iter().filter(|p| !modules.contains_key(p.as_os_str()) && seen.insert(*p) && self.inside(p)).collect()
    }

    /// Parses the modules of `paths` in the background while the caller goes on, on all
    /// cores but the caller's: the threads take the files from the last, the walks ask for
    /// them from the first (and parse what is not there yet themselves), so the two rarely
    /// meet on a file. The threads stop when `stop` is set (files no walk reached are not
    /// parsed) or when every file is parsed; the scope joins them.
    pub fn parse_in_background<'scope, 'env>(
        &'env self,
        scope: &'scope std::thread::Scope<'scope, 'env>,
        paths: &'env [PathBuf],
        stop: &'env std::sync::atomic::AtomicBool,
    ) {
        use std::sync::atomic::Ordering::Relaxed;
        let todo = std::sync::Arc::new(self.unparsed(paths));
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).saturating_sub(1);
        if workers == 0 || todo.is_empty() {
            return;
        }
        let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let modules = &self.modules;
        for _ in 0..workers {
            let (todo, next) = (todo.clone(), next.clone());
            // (a thread that cannot start leaves its share to the walks)
            let _ = std::thread::Builder::new().stack_size(PARSE_STACK).spawn_scoped(scope, move || {
                let mut parsed = 0usize;
                while !stop.load(Relaxed) {
                    let i = next.fetch_add(1, Relaxed);
                    let Some(p) = todo.len().checked_sub(i + 1).map(|j| todo[j]) else { break };
                    let lock = || modules.lock().unwrap_or_else(|e| e.into_inner());
                    if lock().contains_key(p.as_os_str()) {
                        continue;
                    }
                    // (a module that panics the parser is left to the walk that asks for it,
                    // as if this thread had not got to it; so is a large one, which may be
                    // generated code no walk reaches)
                    let read = || read_source_unless_over(p, PARSE_AHEAD_MAX);
                    let Ok(Some(m)) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)) else {
                        continue;
                    };
                    lock().entry(p.as_os_str().to_owned()).or_insert(m);
                    parsed += 1;
                }
                crate::timings::mark(&format!("a background thread ends, after parsing {parsed} files"));
            });
        }
    }

    /// Reads a text file (cached).
    pub fn text(&self, path: &Path) -> Result<Rc<str>, String> {
        self.text_limited(path, MAX_TEXT)
    }

    pub fn text_limited(&self, path: &Path, limit: u64) -> Result<Rc<str>, String> {
        let path = normalize(path);
        if let Some(r) = self.texts.borrow().get(&path) {
            return r.clone();
        }
        let r = self.read_uncached(&path, limit);
        self.texts.borrow_mut().insert(path, r.clone());
        r
    }

    fn read_uncached(&self, path: &Path, limit: u64) -> Result<Rc<str>, String> {
        if !self.inside(path) {
            return Err("it is outside the analysed directory".into());
        }
        read_text(path, limit).map(Rc::from)
    }

    /// Whether the bytes of a file fedscope does not read as text (binary, over
    /// the size limit) contain one of `needles`: scanned in chunks, up to
    /// [`MAX_LOCKFILE`] bytes, never held whole. False when it cannot be opened.
    pub fn bytes_contain_any(&self, path: &Path, needles: &[&str]) -> bool {
        use std::io::Read;
        if !self.inside(path) {
            return false;
        }
        let Ok(file) = std::fs::File::open(path) else { return false };
        let longest = needles.iter().map(|n| n.len()).max().unwrap_or(0);
        let mut reader = file.take(MAX_LOCKFILE);
        let mut chunk = vec![0u8; 1 << 20];
        let mut window: Vec<u8> = Vec::new();
        loop {
            let n = match reader.read(&mut chunk) {
                Ok(0) | Err(_) => return false,
                Ok(n) => n,
            };
            window.extend_from_slice(&chunk[..n]);
            if needles.iter().any(|nd| !nd.is_empty() && window.windows(nd.len()).any(|w| w == nd.as_bytes())) {
                return true;
            }
            // keep the tail a needle may start in
            let keep_from = window.len().saturating_sub(longest.saturating_sub(1));
            window.drain(..keep_from);
        }
    }

    /// Reads and parses a JSON file (cached). The error has a line when the
    /// JSON itself is malformed.
    pub fn json(&self, path: &Path) -> Result<Rc<Value>, (String, Option<u32>)> {
        let path = normalize(path);
        if let Some(r) = self.json.borrow().get(&path) {
            return r.clone();
        }
        let r = match self.text(&path) {
            Err(e) => Err((e, None)),
            // webpack and enhanced-resolve read description files with a bare
            // `JSON.parse(buffer.toString())`, which rejects a byte order mark (the build fails
            // with `Unexpected token`), and Rspack's serde_json does too
            Ok(text) if text.starts_with('\u{feff}') && path.file_name().is_some_and(|n| n == "package.json") => {
                Err(("it starts with a byte order mark, which the bundlers' JSON parsers reject".into(), Some(1)))
            }
            Ok(text) => match fedscope_js::json::parse(&text, 0) {
                Ok(v) => Ok(Rc::new(v)),
                Err(e) => {
                    let line = text[..(e.at as usize).min(text.len())].matches('\n').count() as u32 + 1;
                    Err((format!("not valid JSON: {}", e.message), Some(line)))
                }
            },
        };
        self.json.borrow_mut().insert(path, r.clone());
        r
    }

    /// 1-based line of a byte offset in a file already read.
    pub fn line_of(&self, path: &Path, offset: u32) -> u32 {
        match self.text(path) {
            Ok(t) => t[..(offset as usize).min(t.len())].matches('\n').count() as u32 + 1,
            Err(_) => 0,
        }
    }

    /// Every file read as text so far (configs, JSON, lockfiles, and the
    /// source modules asked for), sorted.
    pub fn files_read(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> =
            self.texts.borrow().iter().filter(|(_, r)| r.is_ok()).map(|(p, _)| p.clone()).collect();
        // the modules the walks asked for (which others background threads parsed depends on
        // timing and cores)
        let modules = self.modules();
        v.extend(
            self.asked
                .borrow()
                .iter()
                .filter(|p| modules.get(*p).is_some_and(|m| !matches!(m, Err(SourceError::Read(_)))))
                .map(|p| normalize(Path::new(p))),
        );
        // in `Path` order, compared as bytes with the separator lowest (the same order for
        // normal paths; comparing `Path`s walks their components)
        let key = |p: &PathBuf| {
            let b = p.as_os_str().as_encoded_bytes();
            b.iter().map(|&c| if c == b'/' { 0 } else { c }).collect::<Vec<u8>>()
        };
        v.sort_by_cached_key(key);
        v.dedup();
        v
    }
}

/// Reads a text file: a regular file, at most `limit` bytes, no NUL byte, UTF-8.
fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let mut bytes = Vec::new();
    read_into(path, limit, &mut bytes)?;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".into())
}

/// Opens a file for reading without waiting for a writer (a FIFO would wait on a plain open).
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // (nor take a terminal as the controlling one, should the path name one)
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    // (no FIFOs to wait on here)
    std::fs::File::open(path)
}

/// Reads a file into `buf` (cleared first) if it is a regular file of at most `limit` bytes
/// with no NUL byte.
fn read_into(path: &Path, limit: u64, buf: &mut Vec<u8>) -> Result<(), String> {
    read_unless_over(path, limit, u64::MAX, buf).map(|_| ())
}

/// [`read_into`], except that a file of more than `skip` bytes is not read: `Ok(false)`.
fn read_unless_over(path: &Path, limit: u64, skip: u64, buf: &mut Vec<u8>) -> Result<bool, String> {
    use std::io::{Read, Seek};
    buf.clear();
    let file = open_nonblocking(path).map_err(|e| e.to_string())?;
    // (the kind of what was opened, so one path lookup: opened without waiting, a FIFO
    // has no writer to wait for)
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > skip {
        return Ok(false);
    }
    if meta.len() > limit {
        // one decimal, so 8.5 MB does not read as "8 MB, more than 8 MB"
        return Err(format!(
            "it is {:.1} MB, more than fedscope reads ({} MB)",
            meta.len() as f64 / 1_048_576.0,
            limit / 1_048_576
        ));
    }
    // the size the file has: read in one go, with no second read to find the end (a file
    // that shrank meanwhile, or says it is empty as some file systems do, is read to its
    // end, never further than the limit)
    buf.resize(meta.len() as usize, 0);
    let mut file = file;
    if buf.is_empty() || file.read_exact(buf).is_err() {
        buf.clear();
        file.seek(std::io::SeekFrom::Start(0)).map_err(|e| e.to_string())?;
        file.take(limit).read_to_end(buf).map_err(|e| e.to_string())?;
    }
    if buf.contains(&0) {
        return Err("it is a binary file, not text".into());
    }
    Ok(true)
}

/// The facts of a module's text.
/// Reads (with the limits of [`Disk::text`]) and parses a source module; the text is not
/// kept: the facts are what the analysis reads of a source.
fn read_source(path: &Path) -> ModuleRead {
    // (no file is over u64::MAX bytes)
    read_source_unless_over(path, u64::MAX).unwrap_or_else(|| Err(SourceError::Read("not read".into())))
}

/// [`read_source`], except that a file of more than `skip` bytes is not read: `None`.
fn read_source_unless_over(path: &Path, skip: u64) -> Option<ModuleRead> {
    // one buffer per thread, reused for every module it reads
    thread_local! {
        static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BUF.with(|buf| {
        let mut fresh = Vec::new();
        let mut held = buf.try_borrow_mut();
        let buf = match &mut held {
            Ok(b) => &mut **b,
            Err(_) => &mut fresh,
        };
        // (a normal path as it is: `normalize` would copy it)
        let normal = if is_normal(path) { std::borrow::Cow::Borrowed(path) } else { normalize(path).into() };
        match read_unless_over(&normal, MAX_TEXT, skip, buf) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => return Some(Err(SourceError::Read(e))),
        }
        Some(match std::str::from_utf8(buf) {
            Ok(text) => facts_of(path, text),
            Err(_) => Err(SourceError::Read("it is not UTF-8 text".into())),
        })
    })
}

fn facts_of(path: &Path, text: &str) -> ModuleRead {
    fedscope_js::facts::module_facts(path, text).map(Arc::new).map_err(|e| SourceError::Syntax {
        line: e.line,
        column: e.column,
        message: if e.syntax { format!("syntax error: {}", e.message) } else { e.message },
    })
}
