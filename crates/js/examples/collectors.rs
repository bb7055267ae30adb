//! Per-collector cost on a directory of sources (profiling aid): `cargo run --release -p fedscope-js --example collectors DIR`; `DIR --dump` prints every module's facts (to diff before and after a change to a collector); `DIR --mem` weighs the facts kept, in all and per part.
#![allow(clippy::unwrap_used)] // a profiling aid over a directory the developer names
use fedscope_js::{jsx, lifetimes, query, state};
use oxc_allocator::Allocator;
use oxc_parser::Parser;
use oxc_span::SourceType;
use std::time::{Duration, Instant};

/// Resident bytes now (Linux), to weigh the facts a run keeps.
fn resident() -> usize {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    s.split_whitespace().nth(1).and_then(|x| x.parse::<usize>().ok()).unwrap_or(0) * 4096
}

fn walk(d: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(d).unwrap().flatten() {
        let p = e.path();
        let n = e.file_name();
        let n = n.to_string_lossy();
        if n.starts_with('.') || n == "node_modules" {
            continue;
        }
        if p.is_dir() {
            walk(&p, out)
        } else if matches!(p.extension().and_then(|x| x.to_str()), Some("js" | "jsx" | "ts" | "tsx")) {
            out.push(p)
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut files = Vec::new();
    walk(std::path::Path::new(&dir), &mut files);
    if std::env::args().nth(2).as_deref() == Some("--dump") {
        files.sort();
        for p in &files {
            let Ok(text) = std::fs::read_to_string(p) else { continue };
            match fedscope_js::facts::module_facts(p, &text) {
                Ok(mut f) => {
                    let mut b: Vec<_> = (f.state.bindings.iter())
                        .map(|(l, s, i)| (l.to_string(), (s.to_string(), i.to_string())))
                        .collect();
                    b.sort();
                    f.state.bindings = Default::default();
                    println!("{}: {b:?} {f:?}", p.display());
                }
                Err(e) => println!("{}: {e:?}", p.display()),
            }
        }
        return;
    }
    if std::env::args().nth(2).as_deref() == Some("--mem") {
        // what the facts of every file weigh once kept, per part
        let mut kept = Vec::new();
        let texts: Vec<_> = files.iter().filter_map(|p| Some((p, std::fs::read_to_string(p).ok()?))).collect();
        let r0 = resident();
        for (p, text) in &texts {
            if let Ok(f) = fedscope_js::facts::module_facts(p, text) {
                kept.push(f);
            }
        }
        println!("{} modules: {} kB more resident once collected", kept.len(), (resident() - r0) / 1024);
        // weigh each part by cloning it (a clone allocates what the part holds)
        macro_rules! weigh {
            ($($name:literal => $part:ident),*) => {$({
                let r0 = resident();
                let c: Vec<_> = kept.iter().map(|k| k.$part.clone()).collect();
                println!("{:10} {:>8} kB resident for a copy ({} bytes inline each)", $name, (resident() - r0) / 1024, std::mem::size_of_val(&kept[0].$part));
                std::mem::forget(c);
            })*};
        }
        weigh!("imports" => imports, "state" => state, "lifetimes" => lifetimes, "jsx" => jsx, "query" => query);
        return;
    }
    let texts: Vec<(std::path::PathBuf, String)> = files
        .into_iter()
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect();
    let mut t = [Duration::ZERO; 7];
    let mut alloc = Allocator::default();
    for _ in 0..3 {
        t = [Duration::ZERO; 7];
        for (p, text) in &texts {
            alloc.reset();
            let st = SourceType::from_path(p).unwrap().with_jsx(true);
            let s = Instant::now();
            let ret = Parser::new(&alloc, text, st).parse();
            t[0] += s.elapsed();
            let at = |o: u32| (o, 0u32);
            let s = Instant::now();
            let sf = state::collect(&ret.program, &at);
            t[1] += s.elapsed();
            let s = Instant::now();
            let _l = lifetimes::collect(&ret.program, &at, &sf.bindings);
            t[2] += s.elapsed();
            let s = Instant::now();
            let _j = jsx::collect(&ret.program, &at, &sf.bindings);
            t[3] += s.elapsed();
            let s = Instant::now();
            let _q = query::collect(&ret.program, &at, &sf.bindings);
            t[4] += s.elapsed();
            let s = Instant::now();
            let _f = fedscope_js::facts::module_facts(p, text);
            t[5] += s.elapsed();
            let s = Instant::now();
            let mut n = Noop(0);
            oxc_ast_visit::Visit::visit_program(&mut n, &ret.program);
            std::hint::black_box(n.0);
            t[6] += s.elapsed();
        }
    }
    for (n, d) in ["parse", "state", "lifetimes", "jsx", "query", "module_facts(all)", "no-op traversal"].iter().zip(t)
    {
        println!("{n:20} {:8.1} ms", d.as_secs_f64() * 1000.0);
    }
    println!("{} files", texts.len());
}

struct Noop(usize);
impl<'a> oxc_ast_visit::Visit<'a> for Noop {
    fn visit_call_expression(&mut self, it: &oxc_ast::ast::CallExpression<'a>) {
        self.0 += 1;
        oxc_ast_visit::walk::walk_call_expression(self, it);
    }
}
