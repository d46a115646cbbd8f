package http

import (
	"net/url"
	"strconv"
	"strings"
)

// paging follows the pages of a response.
type paging struct {
	mode, cursorPath, cursorParam, pageParam, itemsPath string
	firstPage, maxPages                                 int
}

// pageState remembers the cursors seen, so that a server repeating one
// cannot loop the node.
type pageState struct {
	cursors map[string]bool
}

// first returns req ready for the first page: with the page parameter
// set when counting pages.
func (p paging) first(req *outgoing) *outgoing {
	if p.mode != pageNumber {
		return req
	}
	u := *req.url
	u.RawQuery = withParam(u.RawQuery, p.pageParam, strconv.Itoa(p.firstPage))
	out := *req
	out.url = &u
	return &out
}

// next returns the request for the page after res (page counts from 1),
// or false when there is none.
func (p paging) next(req *outgoing, res *fetched, page int, st *pageState) (*outgoing, bool) {
	if p.mode == pageNone || page >= p.maxPages {
		return nil, false
	}
	u := *req.url
	switch p.mode {
	case pageLink:
		link := ParseLinks(res.header.Values("Link"))["next"]
		if link == "" {
			return nil, false
		}
		next, err := req.url.Parse(link)
		if err != nil {
			return nil, false
		}
		u = *next
	case pageCursor:
		v, ok := lookupPath(res.body, p.cursorPath)
		cursor := textOf(v)
		if !ok || cursor == "" || st.seen(cursor) {
			return nil, false
		}
		u.RawQuery = withParam(u.RawQuery, p.cursorParam, cursor)
	case pageNumber:
		items, ok := p.items(res.body)
		if !ok || len(items) == 0 {
			return nil, false
		}
		u.RawQuery = withParam(u.RawQuery, p.pageParam, strconv.Itoa(p.firstPage+page))
	}
	out := *req
	out.url = &u
	return &out, true
}

// seen records cursor and reports whether it came before.
func (s *pageState) seen(cursor string) bool {
	if s.cursors == nil {
		s.cursors = map[string]bool{}
	}
	dup := s.cursors[cursor]
	s.cursors[cursor] = true
	return dup
}

// items returns the items array of a response body.
func (p paging) items(body any) ([]any, bool) {
	v, ok := lookupPath(body, p.itemsPath)
	list, isList := v.([]any)
	return list, ok && isList
}

func withParam(rawQuery, name, value string) string {
	q, _ := url.ParseQuery(rawQuery)
	q.Set(name, value)
	return q.Encode()
}

// ParseLinks reads RFC 8288 Link header values into rel → URL, the first
// link of each rel winning: `<https://api/x?page=2>; rel="next"` gives
// {"next": "https://api/x?page=2"}. A link with several rels ("next
// last") counts for each. Malformed parts are skipped.
func ParseLinks(values []string) map[string]string {
	out := map[string]string{}
	for _, v := range values {
		for _, link := range splitLinks(v) {
			target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, param := range strings.Split(params, ";") {
				name, value, _ := strings.Cut(param, "=")
				if !strings.EqualFold(strings.TrimSpace(name), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(value), `"`)) {
					rel = strings.ToLower(rel)
					if _, dup := out[rel]; !dup {
						out[rel] = target[1 : len(target)-1]
					}
				}
			}
		}
	}
	return out
}

// splitLinks splits a Link header at the commas between links, not at
// commas inside <…> or quotes.
func splitLinks(v string) []string {
	var parts []string
	inURL, inQuote, start := false, false, 0
	for i, r := range v {
		switch {
		case r == '<' && !inQuote:
			inURL = true
		case r == '>' && !inQuote:
			inURL = false
		case r == '"' && !inURL:
			inQuote = !inQuote
		case r == ',' && !inURL && !inQuote:
			parts = append(parts, v[start:i])
			start = i + 1
		}
	}
	return append(parts, v[start:])
}
