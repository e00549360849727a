package mutate

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// operators, in the order a line's mutants are numbered.
var operators = []Operator{
	{"drop-lock", "drops a Lock and the Unlocks that release it", dropLock(false)},
	{"drop-rlock", "drops an RLock and the RUnlocks that release it", dropLock(true)},
	{"swap-locks", "swaps two lock acquisitions in a row, the first still held when the second is taken", swapLocks},
	{"drop-wait", "drops a WaitGroup's Wait", dropWait},
	{"add-in-goroutine", "moves a WaitGroup's Add into the goroutine it precedes (wg.Go becomes go with Add inside)", addInGoroutine},
	{"wait-if", "turns the for loop around a Cond's Wait into an if: the condition is no longer checked again after waking", waitIf},
	{"go-to-call", "runs a goroutine's function on the calling goroutine (go f() and wg.Go(f) become f())", goToCall},
	{"buffer-one", "gives an unbuffered channel a buffer of one (channels never sent on are left alone)", bufferOne},
	{"buffer-more", "gives a buffered channel one more slot (channels never sent on are left alone)", bufferMore},
	{"buffer-none", "makes a buffered channel unbuffered (channels never sent on are left alone)", bufferNone},
	{"drop-close", "drops a close(ch) (leaving _ = ch where ch would be unused)", dropClose},
	{"drop-cancel", "drops a defer cancel() of a context.CancelFunc (keeping the variable used)", dropCancel},
	{"drop-done-case", "removes a case <-….Done() from a select", dropDoneCase},
}

// Methods the operators recognise, as types.Func.FullName spells them.
const (
	mutexLock    = "(*sync.Mutex).Lock"
	mutexUnlock  = "(*sync.Mutex).Unlock"
	rwLock       = "(*sync.RWMutex).Lock"
	rwUnlock     = "(*sync.RWMutex).Unlock"
	rwRLock      = "(*sync.RWMutex).RLock"
	rwRUnlock    = "(*sync.RWMutex).RUnlock"
	lockerLock   = "(sync.Locker).Lock"
	lockerUnlock = "(sync.Locker).Unlock"
	wgAdd        = "(*sync.WaitGroup).Add"
	wgWait       = "(*sync.WaitGroup).Wait"
	wgGo         = "(*sync.WaitGroup).Go"
	condWait     = "(*sync.Cond).Wait"
)

// method returns the receiver of the method call and the method's full name,
// or "" when call does not call a method.
func (f *file) method(call *ast.CallExpr) (recv ast.Expr, name string) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil, ""
	}
	s := f.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return nil, ""
	}
	return sel.X, s.Obj().(*types.Func).FullName()
}

// isBuiltin reports whether call calls the built-in function name.
func (f *file) isBuiltin(call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := f.info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// callOf returns the call an expression or defer statement makes.
func callOf(s ast.Stmt) (call *ast.CallExpr, deferred bool) {
	switch s := s.(type) {
	case *ast.ExprStmt:
		call, _ := s.X.(*ast.CallExpr)
		return call, false
	case *ast.DeferStmt:
		return s.Call, true
	}
	return nil, false
}

// inspect walks the file like ast.Inspect, giving visit the innermost
// function (a *ast.FuncDecl or *ast.FuncLit) around each node.
func (f *file) inspect(visit func(n ast.Node, fn ast.Node)) {
	var stack []ast.Node
	var fns []ast.Node
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if n == nil {
			if top := stack[len(stack)-1]; len(fns) > 0 && fns[len(fns)-1] == top {
				fns = fns[:len(fns)-1]
			}
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fns = append(fns, n)
		}
		var fn ast.Node
		if len(fns) > 0 {
			fn = fns[len(fns)-1]
		}
		visit(n, fn)
		return true
	})
}

// stmtLists returns every list of statements in the file: blocks and the
// bodies of switch and select cases.
func (f *file) stmtLists() [][]ast.Stmt {
	var lists [][]ast.Stmt
	ast.Inspect(f.ast, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			lists = append(lists, n.List)
		case *ast.CaseClause:
			lists = append(lists, n.Body)
		case *ast.CommClause:
			lists = append(lists, n.Body)
		}
		return true
	})
	return lists
}

// lockStmt is a statement that locks or unlocks.
type lockStmt struct {
	stmt   ast.Stmt
	recv   string // the receiver as written: "l.mu"
	read   bool   // RLock or RUnlock
	unlock bool
	fn     ast.Node
}

// lockCall classifies a call as a lock or unlock, if it is one.
func (f *file) lockCall(call *ast.CallExpr) (recv string, read, unlock, ok bool) {
	r, name := f.method(call)
	switch name {
	case mutexLock, rwLock, lockerLock:
		return types.ExprString(r), false, false, true
	case mutexUnlock, rwUnlock, lockerUnlock:
		return types.ExprString(r), false, true, true
	case rwRLock:
		return types.ExprString(r), true, false, true
	case rwRUnlock:
		return types.ExprString(r), true, true, true
	}
	return "", false, false, false
}

// lockStmts lists the file's lock and unlock statements in source order.
func (f *file) lockStmts() []lockStmt {
	var ls []lockStmt
	f.inspect(func(n ast.Node, fn ast.Node) {
		s, ok := n.(ast.Stmt)
		if !ok {
			return
		}
		call, deferred := callOf(s)
		if call == nil {
			return
		}
		recv, read, unlock, ok := f.lockCall(call)
		if !ok || (deferred && !unlock) {
			return
		}
		ls = append(ls, lockStmt{stmt: s, recv: recv, read: read, unlock: unlock, fn: fn})
	})
	return ls
}

// dropLock drops a lock statement and the unlocks that release it: those of
// the same receiver after it in its function (closures included), up to the
// next lock of that receiver. A lock with no such unlock is left alone.
func dropLock(read bool) func(f *file) []change {
	return func(f *file) []change {
		op, verb := "drop-lock", "Lock"
		if read {
			op, verb = "drop-rlock", "RLock"
		}
		ls := f.lockStmts()
		var cs []change
		for i, l := range ls {
			if l.unlock || l.read != read || l.fn == nil {
				continue
			}
			edits := []edit{f.remove(l.stmt)}
			var lines []string
			for _, u := range ls[i+1:] {
				if u.recv != l.recv || u.read != read || u.stmt.Pos() >= l.fn.End() {
					continue
				}
				if !u.unlock {
					break // locked again: later unlocks release that lock
				}
				edits = append(edits, f.remove(u.stmt))
				lines = append(lines, "L"+strconv.Itoa(f.fset.Position(u.stmt.Pos()).Line))
			}
			if len(lines) == 0 {
				continue
			}
			unlocks := "Unlock"
			if read {
				unlocks = "RUnlock"
			}
			if len(lines) > 1 {
				unlocks += "s"
			}
			cs = append(cs, change{op: op, pos: l.stmt.Pos(), edits: edits,
				desc: fmt.Sprintf("no %s.%s(), nor the %s on %s", l.recv, verb, unlocks, strings.Join(lines, ", "))})
		}
		return cs
	}
}

// swapLocks swaps a lock statement with the next lock statement of the same
// list, if the first is still held when the second runs.
func swapLocks(f *file) []change {
	var cs []change
	for _, list := range f.stmtLists() {
	next:
		for i, s := range list {
			call, deferred := callOf(s)
			if call == nil || deferred {
				continue
			}
			recv, _, unlock, ok := f.lockCall(call)
			if !ok || unlock {
				continue
			}
			for _, t := range list[i+1:] {
				call, deferred := callOf(t)
				if call == nil {
					continue
				}
				r, _, u, ok := f.lockCall(call)
				switch {
				case !ok:
				case u && r == recv && !deferred:
					continue next // released before the next lock
				case !u && r != recv:
					cs = append(cs, change{op: "swap-locks", pos: s.Pos(),
						edits: []edit{f.replace(s, f.text(t)), f.replace(t, f.text(s))},
						desc:  fmt.Sprintf("takes %s before %s", r, recv)})
					continue next
				}
			}
		}
	}
	return cs
}

func dropWait(f *file) []change {
	var cs []change
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if s, ok := n.(*ast.ExprStmt); ok {
			if call, _ := callOf(s); call != nil {
				if recv, name := f.method(call); name == wgWait {
					cs = append(cs, change{op: "drop-wait", pos: s.Pos(), edits: []edit{f.remove(s)},
						desc: fmt.Sprintf("no %s.Wait()", types.ExprString(recv))})
				}
			}
		}
		return true
	})
	return cs
}

// addInGoroutine moves wg.Add(n) into the function literal of the go
// statement right after it, and turns wg.Go(f) into a go statement that
// calls Add itself.
func addInGoroutine(f *file) []change {
	var cs []change
	for _, list := range f.stmtLists() {
		for i, s := range list {
			call, deferred := callOf(s)
			if call == nil || deferred {
				continue
			}
			recv, name := f.method(call)
			switch name {
			case wgAdd:
				if i+1 == len(list) {
					continue
				}
				g, ok := list[i+1].(*ast.GoStmt)
				if !ok {
					continue
				}
				lit, ok := g.Call.Fun.(*ast.FuncLit)
				if !ok {
					continue
				}
				cs = append(cs, change{op: "add-in-goroutine", pos: s.Pos(),
					edits: []edit{f.remove(s), f.insert(lit.Body.Lbrace+1, "\n"+f.text(call))},
					desc:  fmt.Sprintf("%s inside the goroutine it starts", f.text(call))})
			case wgGo:
				if len(call.Args) != 1 {
					continue
				}
				wg := f.text(recv)
				body := f.text(call.Args[0]) + "()"
				if lit, ok := call.Args[0].(*ast.FuncLit); ok {
					body = string(f.src[f.offset(lit.Body.Lbrace)+1 : f.offset(lit.Body.Rbrace)])
				}
				text := fmt.Sprintf("go func() {\n%s.Add(1)\ndefer %s.Done()\n%s\n}()", wg, wg, strings.TrimSpace(body))
				cs = append(cs, change{op: "add-in-goroutine", pos: s.Pos(), edits: []edit{f.replace(s, text)},
					desc: fmt.Sprintf("go func() { %s.Add(1); … }() in place of %s.Go", wg, wg)})
			}
		}
	}
	return cs
}

// waitIf turns `for cond { … c.Wait() … }` into `if cond { … }`.
func waitIf(f *file) []change {
	var cs []change
	ast.Inspect(f.ast, func(n ast.Node) bool {
		loop, ok := n.(*ast.ForStmt)
		if !ok || loop.Cond == nil || loop.Init != nil || loop.Post != nil {
			return true
		}
		waits := false
		ast.Inspect(loop.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if _, name := f.method(n); name == condWait {
					waits = true
				}
			}
			return !waits
		})
		if waits {
			cs = append(cs, change{op: "wait-if", pos: loop.Pos(),
				edits: []edit{{f.offset(loop.For), f.offset(loop.For) + len("for"), "if"}},
				desc:  fmt.Sprintf("if %s { wait } instead of for", types.ExprString(loop.Cond))})
		}
		return true
	})
	return cs
}

// goToCall runs the function of a go statement, or of wg.Go, in place.
func goToCall(f *file) []change {
	var cs []change
	ast.Inspect(f.ast, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.GoStmt:
			cs = append(cs, change{op: "go-to-call", pos: s.Pos(),
				edits: []edit{{f.offset(s.Go), f.offset(s.Call.Pos()), ""}},
				desc:  "calls " + short(f.text(s.Call)) + " in place of go " + short(f.text(s.Call))})
		case *ast.ExprStmt:
			call, _ := callOf(s)
			if call == nil {
				return true
			}
			if recv, name := f.method(call); name == wgGo && len(call.Args) == 1 {
				fn := short(f.text(call.Args[0]) + "()")
				cs = append(cs, change{op: "go-to-call", pos: s.Pos(),
					edits: []edit{f.replace(s, f.text(call.Args[0])+"()")},
					desc:  fmt.Sprintf("calls %s in place of %s.Go(%s)", fn, types.ExprString(recv), strings.TrimSuffix(fn, "()"))})
			}
		}
		return true
	})
	return cs
}

// short abbreviates a call whose function is a literal.
func short(call string) string {
	if strings.HasPrefix(call, "func(") {
		return "func(){…}()"
	}
	return call
}

// chanMakes returns every make(chan T[, n]) call whose channel may be sent
// on: the buffer of any other cannot matter.
func (f *file) chanMakes() []*ast.CallExpr {
	var calls []*ast.CallExpr
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && f.isBuiltin(call, "make") {
			if _, ok := f.info.TypeOf(call).Underlying().(*types.Chan); ok && f.mayBeSentOn(call) {
				calls = append(calls, call)
			}
		}
		return true
	})
	return calls
}

// bufferSize returns a make(chan …) call's size, and whether it is a
// constant zero (or absent).
func (f *file) bufferSize(call *ast.CallExpr) (size ast.Expr, zero bool) {
	if len(call.Args) < 2 {
		return nil, true
	}
	size = call.Args[1]
	v := f.info.Types[size].Value
	return size, v != nil && constant.Sign(v) == 0
}

func bufferOne(f *file) []change {
	var cs []change
	for _, call := range f.chanMakes() {
		size, zero := f.bufferSize(call)
		if !zero {
			continue
		}
		e := f.insert(call.Args[0].End(), ", 1")
		if size != nil {
			e = f.replace(size, "1")
		}
		cs = append(cs, change{op: "buffer-one", pos: call.Pos(), edits: []edit{e},
			desc: fmt.Sprintf("make(%s, 1): a buffer of one", f.text(call.Args[0]))})
	}
	return cs
}

func bufferMore(f *file) []change {
	var cs []change
	for _, call := range f.chanMakes() {
		size, zero := f.bufferSize(call)
		if zero {
			continue
		}
		more := f.text(size) + "+1"
		if lit, ok := size.(*ast.BasicLit); ok && lit.Kind == token.INT {
			if n, err := strconv.Atoi(lit.Value); err == nil {
				more = strconv.Itoa(n + 1)
			}
		}
		cs = append(cs, change{op: "buffer-more", pos: call.Pos(), edits: []edit{f.replace(size, more)},
			desc: fmt.Sprintf("make(%s, %s): one more slot", f.text(call.Args[0]), more)})
	}
	return cs
}

func bufferNone(f *file) []change {
	var cs []change
	for _, call := range f.chanMakes() {
		size, zero := f.bufferSize(call)
		if zero {
			continue
		}
		cs = append(cs, change{op: "buffer-none", pos: call.Pos(),
			edits: []edit{{f.offset(call.Args[0].End()), f.offset(size.End()), ""}},
			desc:  fmt.Sprintf("make(%s): unbuffered instead of %s", f.text(call.Args[0]), f.text(size))})
	}
	return cs
}

func dropClose(f *file) []change {
	var cs []change
	ast.Inspect(f.ast, func(n ast.Node) bool {
		s, ok := n.(ast.Stmt)
		if !ok {
			return true
		}
		if call, deferred := callOf(s); call != nil && f.isBuiltin(call, "close") {
			what := f.text(call)
			if deferred {
				what = "defer " + what
			}
			cs = append(cs, change{op: "drop-close", pos: s.Pos(), edits: []edit{f.remove(s)}, desc: "no " + what,
				fallback: []edit{f.replace(s, "_ = "+f.text(call.Args[0]))}})
		}
		return true
	})
	return cs
}

// dropCancel replaces `defer cancel()` with `_ = cancel`: the variable stays
// used, so the mutant still compiles.
func dropCancel(f *file) []change {
	var cs []change
	ast.Inspect(f.ast, func(n ast.Node) bool {
		s, ok := n.(*ast.DeferStmt)
		if !ok {
			return true
		}
		switch types.TypeString(f.info.TypeOf(s.Call.Fun), nil) {
		case "context.CancelFunc", "context.CancelCauseFunc":
			fun := f.text(s.Call.Fun)
			cs = append(cs, change{op: "drop-cancel", pos: s.Pos(), edits: []edit{f.replace(s, "_ = "+fun)},
				desc: "no " + f.text(s)})
		}
		return true
	})
	return cs
}

// dropDoneCase removes a select's case that receives from a Done() channel.
func dropDoneCase(f *file) []change {
	var cs []change
	ast.Inspect(f.ast, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectStmt)
		if !ok {
			return true
		}
		for _, c := range sel.Body.List {
			clause := c.(*ast.CommClause)
			if done := f.doneReceive(clause.Comm); done != nil {
				cs = append(cs, change{op: "drop-done-case", pos: clause.Pos(), edits: []edit{f.remove(clause)},
					desc: fmt.Sprintf("the select no longer waits for <-%s", f.text(done))})
			}
		}
		return true
	})
	return cs
}

// doneReceive returns the X.Done() call a select case receives from, if it does.
func (f *file) doneReceive(comm ast.Stmt) *ast.CallExpr {
	var x ast.Expr
	switch s := comm.(type) {
	case *ast.ExprStmt:
		x = s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			x = s.Rhs[0]
		}
	}
	recv, ok := ast.Unparen(x).(*ast.UnaryExpr)
	if !ok || recv.Op != token.ARROW {
		return nil
	}
	call, ok := ast.Unparen(recv.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return nil
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Done" {
		return nil
	}
	if _, ok := f.info.TypeOf(call).Underlying().(*types.Chan); !ok {
		return nil
	}
	return call
}
