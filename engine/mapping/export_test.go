package mapping

// ScriptFallbacks reports how many records the natively compiled script
// handed to goja (0 when the script runs in goja).
func ScriptFallbacks(c *Compiled) int64 {
	if c.native == nil {
		return 0
	}
	return c.native.Fallbacks()
}
