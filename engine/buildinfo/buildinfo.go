package buildinfo

// Version is the engine version. Release builds set it with
// -ldflags "-X github.com/weftworks/weft/engine/buildinfo.Version=v1.2.3".
var Version = "0.1.0-dev"
