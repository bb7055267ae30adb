//! TanStack Query facts of one module: the query keys it reads, the
//! invalidations it makes (and whether the same function also broadcasts
//! them to other apps), v4-style array arguments, and `contextSharing`.
//!
//! A query key is identified by its text where it is not a literal
//! (`queryKeys.products`, `todoKeys.detail`), and by its first segment
//! where it is an array literal (`['products', id]` → `products`): two
//! apps that import the same key factory name the same text. A key held in
//! a variable or parameter is not known and is not recorded.

use crate::state::Bindings;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;

/// Methods of QueryClient that take query filters.
pub const FILTER_METHODS: [&str; 5] =
    ["invalidateQueries", "removeQueries", "refetchQueries", "resetQueries", "cancelQueries"];

/// Calls that read a query by its key.
const READERS: [&str; 11] = [
    "useQuery",
    "useSuspenseQuery",
    "useInfiniteQuery",
    "useSuspenseInfiniteQuery",
    "queryOptions",
    "infiniteQueryOptions",
    "prefetchQuery",
    "fetchQuery",
    "ensureQueryData",
    "useQueries",
    "setQueryData",
];

/// A query filter call of QueryClient.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FilterCall {
    pub method: String,
    /// The receiver's text (`cartQueryClient`, `queryClient`), when it is a name.
    pub receiver: Option<String>,
    /// The key, when known (see the module docs).
    pub key: Option<String>,
    /// The first argument is an array (the v4 signature; in v5 it is a filters object).
    pub array_argument: bool,
    /// The same function also posts a message or calls a broadcast helper.
    pub broadcast: bool,
    pub line: u32,
    pub column: u32,
}

/// A key a query reads.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyUse {
    pub key: String,
    pub line: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryFacts {
    pub filters: Vec<FilterCall>,
    pub keys: Vec<KeyUse>,
    /// `contextSharing` given to a QueryClientProvider (line, column).
    pub context_sharing: Vec<(u32, u32)>,
}

/// The text of a key expression (see the module docs).
pub fn key_text(e: &Expression<'_>) -> Option<String> {
    match e.without_parentheses() {
        Expression::ArrayExpression(a) => match a.elements.first()? {
            ArrayExpressionElement::StringLiteral(s) => Some(s.value.to_string()),
            el => el.as_expression().and_then(member_text),
        },
        Expression::CallExpression(c) => member_text(&c.callee),
        e => member_text(e),
    }
}

/// `a.b.c` as text; a bare identifier is a variable and not known.
fn member_text(e: &Expression<'_>) -> Option<String> {
    fn go(e: &Expression<'_>, out: &mut Vec<String>) -> bool {
        match e.without_parentheses() {
            Expression::Identifier(id) => {
                out.push(id.name.to_string());
                true
            }
            Expression::StaticMemberExpression(m) => {
                let ok = go(&m.object, out);
                out.push(m.property.name.to_string());
                ok
            }
            _ => false,
        }
    }
    let mut parts = Vec::new();
    (go(e, &mut parts) && parts.len() > 1).then(|| parts.join("."))
}

fn object_key(o: &ObjectExpression<'_>) -> Option<String> {
    o.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|k| k == "queryKey") => {
            key_text(&p.value)
        }
        _ => None,
    })
}

/// The query facts of a parsed module.
pub fn collect(program: &Program<'_>, at: crate::state::At, bindings: &Bindings) -> QueryFacts {
    // every fact needs one of these names (the readers and filter methods hold `Quer`, the
    // provider is `QueryClientProvider`): a module without them (nor a `\u` escape, which may
    // spell one) is not walked
    let text = program.source_text;
    if !text.contains("Quer") && !text.contains("queryOptions") && !text.contains("\\u") {
        return QueryFacts::default();
    }
    let mut c = Collector { at, bindings, facts: QueryFacts::default(), functions: vec![Frame::default()] };
    c.visit_program(program);
    let top = c.functions.pop().unwrap_or_default();
    c.finish(top);
    c.facts
}

#[derive(Default)]
struct Frame {
    filters: Vec<FilterCall>,
    broadcasts: bool,
}

struct Collector<'l, 'b> {
    at: crate::state::At<'l>,
    bindings: &'b Bindings,
    facts: QueryFacts,
    functions: Vec<Frame>,
}

impl Collector<'_, '_> {
    fn finish(&mut self, frame: Frame) {
        for mut f in frame.filters {
            f.broadcast = frame.broadcasts;
            self.facts.filters.push(f);
        }
    }

    fn enter(&mut self) {
        self.functions.push(Frame::default());
    }

    fn leave(&mut self) {
        if let Some(f) = self.functions.pop() {
            self.finish(f);
        }
    }
}

impl<'a> Visit<'a> for Collector<'_, '_> {
    skip_types!();

    fn visit_function(&mut self, it: &Function<'a>, flags: oxc_syntax::scope::ScopeFlags) {
        self.enter();
        walk::walk_function(self, it, flags);
        self.leave();
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.enter();
        walk::walk_arrow_function_expression(self, it);
        self.leave();
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let (receiver, method) = match it.callee.without_parentheses() {
            Expression::StaticMemberExpression(m) => {
                let r = match m.object.without_parentheses() {
                    Expression::Identifier(id) => Some(id.name.to_string()),
                    _ => None,
                };
                (r, Some(m.property.name.as_str()))
            }
            Expression::Identifier(id) => (None, Some(id.name.as_str())),
            _ => (None, None),
        };
        let first = it.arguments.first().and_then(Argument::as_expression);
        if let Some(m) = method {
            if m == "postMessage" || m.starts_with("broadcast") {
                if let Some(f) = self.functions.last_mut() {
                    f.broadcasts = true;
                }
            } else if FILTER_METHODS.contains(&m) && receiver.is_some() {
                let (key, array_argument) = match first.map(|e| e.without_parentheses()) {
                    Some(Expression::ArrayExpression(_)) => (first.and_then(key_text), true),
                    Some(Expression::ObjectExpression(o)) => (object_key(o), false),
                    _ => (None, false),
                };
                let (line, column) = (self.at)(it.span.start);
                if let Some(f) = self.functions.last_mut() {
                    f.filters.push(FilterCall {
                        method: m.to_string(),
                        receiver: receiver.clone(),
                        key,
                        array_argument,
                        broadcast: false,
                        line,
                        column,
                    });
                }
            } else if READERS.contains(&m) {
                let key = match first.map(|e| e.without_parentheses()) {
                    Some(Expression::ObjectExpression(o)) => object_key(o),
                    Some(e @ Expression::ArrayExpression(_)) => key_text(e),
                    _ => None,
                };
                if let Some(key) = key {
                    let (line, _) = (self.at)(it.span.start);
                    self.facts.keys.push(KeyUse { key, line });
                }
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_jsx_opening_element(&mut self, it: &JSXOpeningElement<'a>) {
        let provider = match &it.name {
            JSXElementName::IdentifierReference(id) => self
                .bindings
                .get(id.name.as_str())
                .is_some_and(|(src, name)| name == "QueryClientProvider" && src.contains("query")),
            _ => false,
        };
        if provider {
            for a in &it.attributes {
                if let JSXAttributeItem::Attribute(a) = a
                    && matches!(&a.name, JSXAttributeName::Identifier(n) if n.name == "contextSharing")
                {
                    self.facts.context_sharing.push((self.at)(a.span().start));
                }
            }
        }
        walk::walk_jsx_opening_element(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxc_allocator::Allocator;
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    fn facts(src: &str) -> QueryFacts {
        let alloc = Allocator::default();
        let ret = Parser::new(&alloc, src, SourceType::tsx()).parse();
        assert!(ret.diagnostics.is_empty(), "{:?}", ret.diagnostics);
        let at = |o: u32| (src[..o as usize].matches('\n').count() as u32 + 1, 1);
        collect(&ret.program, &at, &Bindings::of(&ret.program))
    }

    #[test]
    fn keys_filters_and_broadcasts() {
        let f = facts(
            "import { QueryClientProvider } from '@tanstack/react-query';\nconst a = () => useQuery({ queryKey: queryKeys.products, queryFn });\nconst b = () => useQuery({ queryKey: ['orders', id] });\nfunction onDone() { qc.invalidateQueries({ queryKey: queryKeys.products }); }\nfunction both() { channel.postMessage({ type: 'x' }); qc.invalidateQueries({ queryKey: keys.product(1) }); }\nqc.invalidateQueries(['todos']);\nfunction fromParam(queryKey) { qc.invalidateQueries({ queryKey }); }\nconst el = <QueryClientProvider client={qc} contextSharing={true} />;\n",
        );
        let keys: Vec<&str> = f.keys.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(keys, vec!["queryKeys.products", "orders"]);
        let filters: Vec<(Option<&str>, bool, bool, u32)> =
            f.filters.iter().map(|x| (x.key.as_deref(), x.array_argument, x.broadcast, x.line)).collect();
        assert_eq!(
            filters,
            vec![
                (Some("queryKeys.products"), false, false, 4),
                (Some("keys.product"), false, true, 5),
                (None, false, false, 7),
                (Some("todos"), true, false, 6),
            ]
        );
        assert_eq!(f.context_sharing, vec![(8, 1)]);
    }

    #[test]
    fn names_spelled_with_escapes_are_read() {
        // (the text filter that skips modules with no query name gives way to `\u`)
        let f = facts("const a = () => use\\u0051uery({ queryKey: ['todos'] });\n");
        assert_eq!(f.keys.iter().map(|k| k.key.as_str()).collect::<Vec<_>>(), vec!["todos"]);
        assert!(facts("const a = () => other({ queryKey: ['todos'] });\n").keys.is_empty());
    }
}
