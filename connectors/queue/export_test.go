package queue

// FillTemplate parses src as a {{path}} template and fills it from
// payload, for the black-box tests.
func FillTemplate(src string, payload any) (string, error) {
	t, err := parseTemplate(src)
	if err != nil {
		return "", err
	}
	return t.fill(payload)
}
