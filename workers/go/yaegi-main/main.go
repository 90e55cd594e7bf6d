// The Go runtime's interpreter: yaegi built to WebAssembly (GOOS=js GOARCH=wasm). It interprets one Vercel Go
// function (`package handler` with an exported `func(http.ResponseWriter, *http.Request)`), calls it with a request
// and streams what it writes back to JavaScript. workers/go/worker.ts drives it through one global function.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall/js"
	"testing/fstest"

	"github.com/traefik/yaegi/interp"

	// yaegi's standard-library symbols less omitted-packages.txt, assembled by scripts/build-yaegi.sh.
	stdlib "playground.local/yaegi-main/symbols"
)

// YaegiVersion is the interpreter's version, set by scripts/build-yaegi.sh (-ldflags -X).
var YaegiVersion = "unknown"

// project is what JavaScript passes when the project changes (__yaegiDeploy): every file and the environment.
type project struct {
	Files map[string]string `json:"files"`
	Env   map[string]string `json:"env"`
	// keys memoises codeKey per entry.
	keys map[string]string
}

// invocation is what JavaScript passes for each request (__yaegiInvoke): the handler's file and the request head.
type invocation struct {
	Entry   string      `json:"entry"`
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Headers [][2]string `json:"headers"`
}

// emitter forwards one run's events to the JavaScript callback: emit(type, ...values).
type emitter struct{ fn js.Value }

func (e emitter) log(level, text string) { e.fn.Invoke("log", level, text) }
func (e emitter) head(status int, headers [][2]string) {
	list, _ := json.Marshal(headers)
	e.fn.Invoke("head", status, http.StatusText(status), string(list))
}
func (e emitter) chunk(b []byte) {
	arr := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(arr, b)
	e.fn.Invoke("chunk", arr)
}
func (e emitter) fail(code, message, stack string) { e.fn.Invoke("error", code, message, stack) }
func (e emitter) end()                             { e.fn.Invoke("end") }

// flush says the handler asked for what it wrote to go out now (http.Flusher), though it may run on for long.
func (e emitter) flush() { e.fn.Invoke("flush") }

func main() {
	// os.Stdout and os.Stderr of interpreted code become the interpreter's writers (the console), not file descriptors.
	os.Setenv("YAEGI_SPECIAL_STDIO", "1")
	// The project crosses only when it changed, not with every request: a warm request carries its head alone.
	js.Global().Set("__yaegiDeploy", js.FuncOf(func(this js.Value, args []js.Value) any {
		var p project
		if err := json.Unmarshal([]byte(args[0].String()), &p); err != nil {
			panic(err)
		}
		deploy(p)
		return nil
	}))
	js.Global().Set("__yaegiInvoke", js.FuncOf(func(this js.Value, args []js.Value) any {
		var inv invocation
		if err := json.Unmarshal([]byte(args[0].String()), &inv); err != nil {
			panic(err)
		}
		var body []byte
		if args[1].Truthy() {
			body = make([]byte, args[1].Get("length").Int())
			js.CopyBytesToGo(body, args[1])
		}
		// The project as it is now, in the order the requests came: a request waiting for the one before it (which
		// may sleep) runs the code it was sent with, even when a newer project arrives meanwhile.
		warmMu.Lock()
		p := current
		warmMu.Unlock()
		// The handler may block (time.Sleep, channels): it runs on its own goroutine so the event loop goes on.
		go run(p, inv, body, emitter{args[2]})
		return nil
	}))
	js.Global().Set("__yaegiVersion", fmt.Sprintf("Go %s (yaegi v%s, interpreted)", strings.TrimPrefix(runtime.Version(), "go"), YaegiVersion))
	select {}
}

// ------------------------------------------------------------------------------------------------ loading

// loaded is an interpreted handler kept warm: a request of the same function and the same Go code reuses it, so
// package-level state lives across requests as it does in a warm Vercel instance. Each function has its own
// interpreter, as each Vercel function is its own instance.
type loaded struct {
	key     string
	handler func(http.ResponseWriter, *http.Request)
	out     *routedWriter
	errs    *routedWriter
}

// maxWarm bounds the interpreters kept (one per function of the project run lately).
const maxWarm = 8

var (
	warmMu  sync.Mutex
	current = &project{Files: map[string]string{}, keys: map[string]string{}}
	warm    = map[string]*loaded{}
)

// positionRE finds a source position `file.go:line:col` in yaegi's messages.
var positionRE = regexp.MustCompile(`[\w./-]+\.go:\d+:\d+`)

func deploy(p project) {
	warmMu.Lock()
	defer warmMu.Unlock()
	if p.Files == nil {
		p.Files = map[string]string{}
	}
	p.keys = map[string]string{}
	current = &p
}

// codeKey is everything an interpreted function can see: its entry, the project's Go files and go.mod (its own
// packages) and the environment. The interpreter reads no other file, so an edit elsewhere keeps the instance warm;
// any change here is a new deployment of the function, with fresh package state.
func codeKey(p *project, entry string) string {
	if k, ok := p.keys[entry]; ok {
		return k
	}
	var b strings.Builder
	part := func(s string) { fmt.Fprintf(&b, "%d:%s;", len(s), s) }
	part(entry)
	names := make([]string, 0, len(p.Files))
	for name := range p.Files {
		if strings.HasSuffix(name, ".go") || name == "go.mod" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		part(name)
		part(p.Files[name])
	}
	env := make([]string, 0, len(p.Env))
	for k, v := range p.Env {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	for _, kv := range env {
		part(kv)
	}
	p.keys[entry] = b.String()
	return p.keys[entry]
}

// load interprets the entry file, or returns its warm handler when the Go code is the same.
func load(p *project, entry string) (*loaded, error) {
	warmMu.Lock()
	defer warmMu.Unlock()
	key := codeKey(p, entry)
	if l := warm[entry]; l != nil && l.key == key {
		return l, nil
	}
	delete(warm, entry)
	files := p.Files
	src, ok := files[entry]
	if !ok {
		return nil, fmt.Errorf("%s: no such file in the project", entry)
	}
	module := modulePath(files["go.mod"])
	if err := checkImports(entry, src, module, files); err != nil {
		return nil, err
	}
	// The project as the interpreter's source tree: the files at the root (the entry and its messages keep the
	// project's paths) and again under gopath/src/<module>/ so `import "<module>/lib"` finds local packages.
	fsys := fstest.MapFS{}
	for path, text := range files {
		fsys[path] = &fstest.MapFile{Data: []byte(text)}
		if module != "" {
			fsys["gopath/src/"+module+"/"+path] = &fstest.MapFile{Data: []byte(text)}
		}
	}
	env := make([]string, 0, len(p.Env))
	for k, v := range p.Env {
		env = append(env, k+"="+v)
	}
	l := &loaded{key: key, out: &routedWriter{level: "log"}, errs: &routedWriter{level: "error"}}
	i := interp.New(interp.Options{GoPath: "gopath", SourcecodeFilesystem: fsys, Stdout: l.out, Stderr: l.errs, Env: env, Args: []string{"handler"}})
	if err := i.Use(stdlib.Symbols); err != nil {
		return nil, err
	}
	if _, err := i.EvalPath(entry); err != nil {
		return nil, err
	}
	_, fn := findHandler(i, entry, src)
	if fn == nil {
		return nil, fmt.Errorf("%s: no exported function of type func(http.ResponseWriter, *http.Request) in package %s", entry, packageName(src))
	}
	l.handler = fn
	if len(warm) >= maxWarm {
		for name := range warm {
			delete(warm, name) // any one: a function run again is interpreted again, as a cold instance starts
			break
		}
	}
	warm[entry] = l
	return l, nil
}

// findHandler picks the first exported top-level function of the file, in source order, whose interpreted value is
// a func(http.ResponseWriter, *http.Request): the one Vercel's Go builder would wrap.
func findHandler(i *interp.Interpreter, entry, src string) (string, func(http.ResponseWriter, *http.Request)) {
	f, err := parser.ParseFile(token.NewFileSet(), entry, src, parser.SkipObjectResolution)
	if err != nil {
		return "", nil
	}
	want := reflect.TypeOf(func(http.ResponseWriter, *http.Request) {})
	// An evaluated file's package is keyed by its name; imported packages by their path.
	syms := i.Symbols(f.Name.Name)[f.Name.Name]
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || !fn.Name.IsExported() {
			continue
		}
		if v, ok := syms[fn.Name.Name]; ok && v.IsValid() && v.Kind() == reflect.Func && v.Type().ConvertibleTo(want) {
			return fn.Name.Name, v.Convert(want).Interface().(func(http.ResponseWriter, *http.Request))
		}
	}
	return "", nil
}

func packageName(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil {
		return "?"
	}
	return f.Name.Name
}

var moduleRE = regexp.MustCompile(`(?m)^module\s+"?([^\s"]+)"?`)

func modulePath(gomod string) string {
	if m := moduleRE.FindStringSubmatch(gomod); m != nil {
		return m[1]
	}
	return ""
}

// checkImports names the first import the interpreter cannot provide, before yaegi's own less helpful message.
func checkImports(entry, src, module string, files map[string]string) error {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, entry, src, parser.ImportsOnly)
	if err != nil {
		return nil // the interpreter reports syntax errors with positions
	}
	for _, spec := range f.Imports {
		path := strings.Trim(spec.Path.Value, "\"`")
		if err := importProblem(path, module, files); err != "" {
			return fmt.Errorf("%s: %s", fset.Position(spec.Pos()), err)
		}
	}
	return nil
}

func importProblem(path, module string, files map[string]string) string {
	switch {
	case path == "C":
		return `import "C" (cgo) cannot run here: Go is interpreted by yaegi in the browser, which has no C compiler`
	case path == "unsafe" || path == "syscall" || strings.HasPrefix(path, "syscall/"):
		return fmt.Sprintf("import %q is not available: the interpreter runs in a sandbox without unsafe or system calls", path)
	}
	if _, ok := stdlib.Symbols[path+"/"+lastElem(path)]; ok {
		return ""
	}
	for _, omitted := range stdlib.Omitted {
		if path == omitted {
			return fmt.Sprintf("import %q: this standard-library package is not shipped with the playground's Go interpreter (left out to keep the download small)", path)
		}
	}
	if module != "" && (path == module || strings.HasPrefix(path, module+"/")) {
		dir := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
		for name := range files {
			if strings.HasSuffix(name, ".go") && pathDir(name) == dir {
				return ""
			}
		}
		return fmt.Sprintf("import %q: no .go files in %s/ of this project", path, dir)
	}
	if !strings.Contains(lastElem(firstElem(path)), ".") {
		return fmt.Sprintf("import %q: not a package of the Go %s standard library", path, strings.TrimPrefix(runtime.Version(), "go"))
	}
	return fmt.Sprintf("cannot import %q: only Go's standard library (and this project's own packages) can be interpreted here; modules from go.mod are not downloaded", path)
}

func lastElem(p string) string  { return p[strings.LastIndex(p, "/")+1:] }
func firstElem(p string) string { return strings.SplitN(p, "/", 2)[0] }
func pathDir(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return ""
}

// ------------------------------------------------------------------------------------------------ running

// routedWriter sends the interpreter's stdout or stderr, line by line, to the run in progress. Panics print their
// positions to stderr (`api/x.go:6:2: panic`): those are kept for the error's stack instead.
type routedWriter struct {
	mu     sync.Mutex
	level  string
	run    *emitter
	buf    bytes.Buffer
	panics []string
}

var panicLineRE = regexp.MustCompile(`^([\w./-]+\.go:\d+:\d+): panic$`)

func (w *routedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			break
		}
		w.line(strings.TrimSuffix(line, "\n"))
	}
	return len(p), nil
}

func (w *routedWriter) line(text string) {
	if m := panicLineRE.FindStringSubmatch(text); m != nil && w.level == "error" {
		w.panics = append(w.panics, m[1])
		return
	}
	if w.run != nil {
		w.run.log(w.level, text)
	}
}

// attach routes output to run (nil: detach, flushing a partial last line).
func (w *routedWriter) attach(run *emitter) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if run == nil && w.buf.Len() > 0 {
		w.line(w.buf.String())
		w.buf.Reset()
	}
	w.run = run
	panics := w.panics
	w.panics = nil
	return panics
}

// responseWriter streams like net/http's server: the head goes out at the first write or flush, with the headers
// as they were at WriteHeader (later changes are ignored); each Write is one chunk.
type responseWriter struct {
	e        emitter
	header   http.Header
	status   int
	snap     [][2]string
	headSent bool
	wrote    bool
}

func (w *responseWriter) Header() http.Header { return w.header }

func (w *responseWriter) WriteHeader(code int) {
	if w.status != 0 {
		w.e.log("error", fmt.Sprintf("http: superfluous response.WriteHeader call (status %d)", code))
		return
	}
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	w.status = code
	w.snap = flatten(w.header)
}

func (w *responseWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		if w.header.Get("Content-Type") == "" && w.header.Get("Transfer-Encoding") == "" {
			w.header.Set("Content-Type", http.DetectContentType(p))
		}
		w.WriteHeader(http.StatusOK)
	}
	w.sendHead()
	if len(p) > 0 {
		w.wrote = true
		w.e.chunk(p)
	}
	return len(p), nil
}

func (w *responseWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

func (w *responseWriter) Flush() {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	w.sendHead()
	w.e.flush()
}

func (w *responseWriter) sendHead() {
	if !w.headSent {
		w.headSent = true
		w.e.head(w.status, w.snap)
	}
}

func flatten(h http.Header) [][2]string {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	list := [][2]string{}
	for _, k := range names {
		for _, v := range h[k] {
			list = append(list, [2]string{strings.ToLower(k), v})
		}
	}
	return list
}

func newRequest(inv invocation, body []byte) (*http.Request, error) {
	r, err := http.NewRequest(inv.Method, inv.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	r.RequestURI = inv.URL
	r.RemoteAddr = "127.0.0.1:0"
	for _, h := range inv.Headers {
		if strings.EqualFold(h[0], "host") {
			r.Host = h[1]
			continue
		}
		r.Header.Add(h[0], h[1])
	}
	if body == nil {
		r.Body = http.NoBody
	}
	r.ContentLength = int64(len(body))
	return r, nil
}

var runMu sync.Mutex

func run(p *project, inv invocation, body []byte, e emitter) {
	// One run at a time: the interpreter's stdout and stderr go to the run in progress.
	runMu.Lock()
	defer runMu.Unlock()
	defer e.end()
	module := modulePath(p.Files["go.mod"])
	l, err := load(p, inv.Entry)
	if err != nil {
		e.fail("FUNCTION_INVOCATION_FAILED", trimGopath(err.Error(), module), "")
		return
	}
	r, err := newRequest(inv, body)
	if err != nil {
		e.fail("FUNCTION_INVOCATION_FAILED", err.Error(), "")
		return
	}
	l.out.attach(&e)
	l.errs.attach(&e)
	w := &responseWriter{e: e, header: http.Header{}}
	panicked, value := call(l.handler, w, r)
	l.out.attach(nil)
	positions := l.errs.attach(nil)
	if panicked {
		msg := fmt.Sprintf("panic: %v", value)
		stack := msg
		for _, p := range positions {
			stack += "\n    at " + trimGopath(p, module)
		}
		e.fail("FUNCTION_INVOCATION_FAILED", msg, stack)
		return
	}
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	w.sendHead()
}

func call(h func(http.ResponseWriter, *http.Request), w http.ResponseWriter, r *http.Request) (panicked bool, value any) {
	defer func() {
		if v := recover(); v != nil {
			panicked, value = true, v
		}
	}()
	h(w, r)
	_, _ = io.Copy(io.Discard, r.Body)
	return false, nil
}

// trimGopath shows a position in a local package by its project path (`lib/x.go:3:1`), not the interpreter's copy.
func trimGopath(s, module string) string {
	prefix := "gopath/src/" + module + "/"
	return positionRE.ReplaceAllStringFunc(s, func(p string) string { return strings.TrimPrefix(p, prefix) })
}
