//! Components that render each other's children (a cycle): whether one is an error boundary
//! is asked through the cycle, which must end and read as "no" unless a real boundary is on it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

fn check(dir_name: &str, shells: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("fedscope-boundary-cycles-{}-{dir_name}", std::process::id()));
    let files = [
        (
            "apps/shell/package.json",
            r#"{ "name": "shell", "version": "1.0.0", "dependencies": { "react": "^18.3.1" } }"#.to_string(),
        ),
        (
            "apps/shell/webpack.config.js",
            "const { ModuleFederationPlugin } = require('webpack').container;\nmodule.exports = {\n  entry: './src/index.js',\n  plugins: [new ModuleFederationPlugin({\n    name: 'shell',\n    remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' },\n    shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },\n  })],\n};\n".to_string(),
        ),
        ("apps/shell/src/index.js", "import('./bootstrap');\n".to_string()),
        (
            "apps/shell/src/bootstrap.js",
            format!(
                "import React, {{ Suspense, lazy }} from 'react';\nimport {{ createRoot }} from 'react-dom/client';\nimport {{ ErrorBoundary }} from 'react-error-boundary';\nconst Cart = lazy(() => import('cart/Cart'));\n{shells}\nfunction App() {{\n  return (\n    <Outer>\n      <Suspense fallback={{null}}>\n        <Cart />\n      </Suspense>\n    </Outer>\n  );\n}}\ncreateRoot(document.getElementById('root')).render(<App />);\n"
            ),
        ),
    ];
    for (f, text) in files {
        let p = dir.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let graph = fedscope_workspace::analyze(&dir, &fedscope_workspace::Options::default()).unwrap();
    let plans = fedscope_plan::plan(&graph);
    let report = fedscope_rules::check(&graph, &plans, &fedscope_rules::Config::default());
    let _ = std::fs::remove_dir_all(&dir);
    report.diagnostics.iter().filter(|d| d.rule == "remote-without-error-boundary").map(|d| d.message.clone()).collect()
}

#[test]
fn a_cycle_of_wrappers_is_no_boundary() {
    // Outer puts its children in Inner, Inner in Outer: no boundary anywhere on the cycle
    let cycle = "function Outer({ children }) { return <Inner>{children}</Inner>; }\nfunction Inner({ children }) { return <Outer>{children}</Outer>; }";
    assert_eq!(check("cycle", cycle).len(), 1);
}

#[test]
fn a_boundary_on_the_cycle_guards_it() {
    // the same cycle, with a real boundary inside Inner
    let guarded = "function Outer({ children }) { return <Inner>{children}</Inner>; }\nfunction Inner({ children }) { return <ErrorBoundary fallback={null}><Outer>{children}</Outer></ErrorBoundary>; }";
    assert_eq!(check("guarded", guarded), Vec::<String>::new());
}

#[test]
fn an_answer_found_inside_a_cycle_is_not_kept_before_the_cycle_is_decided() {
    // asked first about A (Cart inside A): A asks B, B asks A (on the cycle: "no" for now), so
    // B looks like no boundary; A then turns out one (its second slot is in ErrorBoundary). B,
    // which puts its children in A, is one too: Cart in Outer's B is guarded
    let shells = "function A({ children }) { return <><B>{children}</B><ErrorBoundary fallback={null}>{children}</ErrorBoundary></>; }\nfunction B({ children }) { return <A>{children}</A>; }\nfunction Outer({ children }) { return <><A><Suspense fallback={null}><Cart /></Suspense></A><B>{children}</B></>; }";
    assert_eq!(check("provisional", shells), Vec::<String>::new());
}
