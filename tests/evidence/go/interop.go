// Checks a Huikuan log with Go's golang.org/x/mod/sumdb/note and tlog.
//
// Reads {"base", "index", "entry", "proof", "old", "old_root"} (base64 where binary) on stdin,
// fetches the verifier key, the checkpoint, tiles and a consistency proof from the log over HTTP,
// and checks the inclusion and consistency proofs; it also recomputes both proofs from the
// log's tiles with tlog.TileHashReader and requires them to be identical. Prints "ok N".
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type input struct {
	Base    string   `json:"base"`
	Index   int64    `json:"index"`
	Entry   string   `json:"entry"`
	Proof   []string `json:"proof"`
	Old     int64    `json:"old"`
	OldRoot string   `json:"old_root"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func get(url string) []byte {
	resp, err := http.Get(url)
	if err != nil {
		fail("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		fail("GET %s: status %d %v", url, resp.StatusCode, err)
	}
	return body
}

func hashes(lines []string) []tlog.Hash {
	out := make([]tlog.Hash, 0, len(lines))
	for _, l := range lines {
		if l == "" {
			continue
		}
		h, err := tlog.ParseHash(l)
		if err != nil {
			fail("bad hash %q: %v", l, err)
		}
		out = append(out, h)
	}
	return out
}

// C2SP tlog-tiles paths are Go's sumdb tile paths without the height element.
type httpTiles struct{ base string }

func (h *httpTiles) Height() int { return 8 }

func (h *httpTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		path := strings.Replace(t.Path(), "tile/8/", "tile/", 1)
		out[i] = get(h.base + "/log/" + path)
	}
	return out, nil
}

func (h *httpTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func equal(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail("input: %v", err)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(get(in.Base + "/log/key"))))
	if err != nil {
		fail("verifier key: %v", err)
	}
	n, err := note.Open(get(in.Base+"/log/checkpoint"), note.VerifierList(verifier))
	if err != nil {
		fail("note.Open: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) != 4 || lines[3] != "" || lines[0] != verifier.Name() {
		fail("not a checkpoint for %s: %q", verifier.Name(), n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("size: %v", err)
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		fail("root: %v", err)
	}
	entry, err := base64.StdEncoding.DecodeString(in.Entry)
	if err != nil {
		fail("entry: %v", err)
	}
	proof := tlog.RecordProof(hashes(in.Proof))
	if err := tlog.CheckRecord(proof, size, root, in.Index, tlog.RecordHash(entry)); err != nil {
		fail("CheckRecord: %v", err)
	}
	reader := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, &httpTiles{in.Base})
	goProof, err := tlog.ProveRecord(size, in.Index, reader)
	if err != nil {
		fail("ProveRecord from our tiles: %v", err)
	}
	if !equal(goProof, proof) {
		fail("Go's inclusion proof from our tiles differs from ours")
	}
	oldRoot, err := tlog.ParseHash(in.OldRoot)
	if err != nil {
		fail("old root: %v", err)
	}
	cons := tlog.TreeProof(hashes(strings.Split(string(get(fmt.Sprintf("%s/api/v1/log/consistency?from=%d&to=%d", in.Base, in.Old, size))), "\n")))
	if err := tlog.CheckTree(cons, size, root, in.Old, oldRoot); err != nil {
		fail("CheckTree: %v", err)
	}
	goCons, err := tlog.ProveTree(size, in.Old, reader)
	if err != nil {
		fail("ProveTree from our tiles: %v", err)
	}
	if !equal(goCons, cons) {
		fail("Go's consistency proof from our tiles differs from ours")
	}
	fmt.Println("ok", size)
}
