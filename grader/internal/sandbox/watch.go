package sandbox

import (
	"context"
	"os"
	"strconv"
	"strings"
	"time"
)

// watchInterval is how often Watch measures memory.
const watchInterval = 200 * time.Millisecond

// Watch measures, until ctx ends, the resident memory of the process pid and
// all its descendants, and calls exceeded once (then stops) when their sum
// passes limit. It works from outside any sandbox, through /proc; where there
// is no /proc it watches nothing.
func Watch(ctx context.Context, pid int, limit int64, exceeded func(used int64)) {
	if limit <= 0 {
		return
	}
	go func() {
		t := time.NewTicker(watchInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if used := TreeMemory(pid); used > limit {
				exceeded(used)
				return
			}
		}
	}()
}

// TreeMemory returns the resident memory, in bytes, of pid and its descendants.
func TreeMemory(pid int) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	children := map[int][]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp := parent(p); pp > 0 {
			children[pp] = append(children[pp], p)
		}
	}
	var total int64
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = append(queue[1:], children[p]...)
		total += resident(p)
	}
	return total
}

// parent reads a process's parent from /proc/PID/stat: the field after the
// command name, which is in parentheses and may itself hold spaces.
func parent(pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0
	}
	pp, _ := strconv.Atoi(f[1])
	return pp
}

// resident reads VmRSS from /proc/PID/status, in bytes.
func resident(pid int) int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
