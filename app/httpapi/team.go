package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/team"
)

// SessionCookie names team mode's session cookie.
const SessionCookie = "weft_session"

// teamMode is what a team-mode handler needs besides the single-user one.
type teamMode struct {
	team *team.Team
	svc  *app.Service
	// teamAPI holds the names of team.API's methods; the rest are
	// app.Service's.
	teamAPI map[string]bool
}

// NewTeam returns a handler for Studio's team mode: every call needs a
// signed-in user (session cookie from POST /auth/login, or an API token as
// "Authorization: Bearer weft_…") whose role team.Required allows; calls
// act, and are audited, as that user. Browser requests from other origins
// that change anything are refused (net/http's CrossOriginProtection), and
// the session cookie is SameSite=Strict. opts.Token is not used.
func NewTeam(svc *app.Service, t *team.Team, hub *app.Hub, opts Options) *Handler {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Handler{methods: methods(svc), hub: hub, opts: opts, mux: http.NewServeMux(),
		team: &teamMode{team: t, svc: svc, teamAPI: map[string]bool{}}}
	for name, m := range methods(team.NewAPI(t, team.User{})) {
		if _, clash := h.methods[name]; clash {
			panic(fmt.Sprintf("httpapi: team.API and app.Service both have a method %s", name))
		}
		h.methods[name] = m
		h.team.teamAPI[name] = true
	}
	h.mux.HandleFunc("POST /auth/login", h.login)
	h.mux.HandleFunc("POST /auth/logout", h.logout)
	h.mux.HandleFunc("POST /api/{method}", h.teamCall)
	h.mux.HandleFunc("GET /api/events", h.member(team.Viewer, h.serveEvents))
	if opts.Assets != nil {
		h.mux.Handle("GET /", spa(opts.Assets))
	}
	h.root = http.NewCrossOriginProtection().Handler(h.mux)
	return h
}

// Methods lists the API methods h serves, for tests that try each.
func (h *Handler) Methods() []string {
	out := make([]string, 0, len(h.methods))
	for name := range h.methods {
		out = append(out, name)
	}
	return out
}

// user returns the caller, or writes 401 and returns false.
func (h *Handler) user(w http.ResponseWriter, r *http.Request) (team.User, bool) {
	var u team.User
	err := team.ErrUnauthenticated
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		u, err = h.team.team.TokenUser(bearer)
	} else if c, cerr := r.Cookie(SessionCookie); cerr == nil {
		u, err = h.team.team.SessionUser(c.Value)
	}
	if err != nil {
		if !errors.Is(err, team.ErrUnauthenticated) {
			h.opts.Logger.Error("authentication failed", "error", err)
		}
		writeError(w, http.StatusUnauthorized, "sign in first (or send an API token)")
		return team.User{}, false
	}
	return u, true
}

// member serves next to users with at least role need.
func (h *Handler) member(need team.Role, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := h.user(w, r)
		if !ok {
			return
		}
		if u.Role < need {
			writeError(w, http.StatusForbidden, fmt.Sprintf("this needs the %s role; you are %s", need, u.Role))
			return
		}
		next(w, r)
	}
}

func (h *Handler) teamCall(w http.ResponseWriter, r *http.Request) {
	u, ok := h.user(w, r)
	if !ok {
		return
	}
	name := r.PathValue("method")
	if _, exists := h.methods[name]; !exists {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no API method %q", name))
		return
	}
	need, known := team.Required(name)
	if !known {
		h.opts.Logger.Error("api method has no role; refused", "method", name)
		writeError(w, http.StatusForbidden, fmt.Sprintf("%s has no role in team mode, so nobody may call it", name))
		return
	}
	if u.Role < need {
		reason := fmt.Sprintf("%s needs the %s role; you are %s", name, need, u.Role)
		if name == "Deploy" { // a refused deploy is kept in the audit trail
			if err := app.RecordRefusal(app.AsActor(h.team.svc, u.Name), name, reason); err != nil {
				h.opts.Logger.Error("recording a refusal", "method", name, "error", err.Error())
			}
		}
		writeError(w, http.StatusForbidden, reason)
		return
	}
	var recv any = app.AsActor(h.team.svc, u.Name)
	if h.team.teamAPI[name] {
		recv = team.NewAPI(h.team.team, u)
	}
	fn := reflect.ValueOf(recv).MethodByName(name)
	h.invoke(w, r, name, method{fn: fn, params: h.methods[name].params})
}

type loginRequest struct {
	User     string `json:"user"`
	Password string `json:"password"`
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "send {\"user\": …, \"password\": …}")
		return
	}
	token, u, err := h.team.team.Login(req.User, req.Password)
	if err != nil {
		writeError(w, status(err), err.Error())
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: int(team.SessionTTL.Seconds())})
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(u)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := h.team.team.Logout(c.Value); err != nil {
			writeError(w, http.StatusInternalServerError, err.Error())
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
	w.WriteHeader(http.StatusNoContent)
}
