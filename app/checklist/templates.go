package checklist

// TemplateInfo describes a starting point for a helper's checklist.
type TemplateInfo struct {
	Name     string // what the CLI's --template takes
	TitleKey string // i18n key of its name for people
}

// Templates lists the templates in the order a helper should see them.
func Templates() []TemplateInfo {
	return []TemplateInfo{
		{Name: "self-help", TitleKey: "checklist.template.self_help"},
		{Name: "counselling", TitleKey: "checklist.template.counselling"},
	}
}

// Template returns a fresh checklist to start from. Its ring name is left
// empty on purpose: the helper (or, failing that, the caller with the
// translated template title) fills it in, and Validate refuses a checklist
// without one. The privacy notices are file content in both languages, not
// interface text, which is why they live here and not in the i18n files.
func Template(name string) (*Checklist, error) {
	switch name {
	case "self-help":
		return &Checklist{
			Format:  FormatVersion,
			Privacy: map[string]string{"de": selfHelpNoticeDE, "en": selfHelpNoticeEN},
			Steps: []Step{
				{Check: PseudonymNotRealName, Level: Required},
				{Check: NoGoogleSignin, Level: Required},
				{Check: NoZoomAccount, Level: Recommended},
				{Check: AudioOnly, Level: Recommended},
				{Check: CameraBlurred, Level: Recommended},
				{Check: Headphones, Level: Recommended},
				{Check: StartMuted, Level: Recommended},
			},
		}, nil
	case "counselling":
		return &Checklist{
			Format:  FormatVersion,
			Privacy: map[string]string{"de": counsellingNoticeDE, "en": counsellingNoticeEN},
			Steps: []Step{
				{Check: NoGoogleSignin, Level: Required},
				{Check: NoZoomAccount, Level: Required},
				{Check: Headphones, Level: Required},
				{Check: PseudonymNotRealName, Level: Recommended},
				{Check: CameraBlurred, Level: Recommended},
			},
		}, nil
	}
	return nil, fail(KeyUnknownTemplate, map[string]any{"Name": harmlessField(name)})
}

const selfHelpNoticeDE = `Bei uns nehmen Sie anonym teil. Sie wählen selbst einen Namen – oder Sie nennen gar keinen.
Wir speichern nichts über Sie: kein Konto, keine Liste, wer da war, keine Aufnahme. Wir fragen auch nicht nach Adresse oder Telefonnummer.
Was in der Gruppe gesagt wird, bleibt in der Gruppe. Bitte sorgen Sie dafür, dass niemand bei Ihnen mithört: Sagen Sie Mitbewohnern Bescheid, schließen Sie die Tür, nutzen Sie Kopfhörer.
Geben Sie den Link zur Gruppe nicht an andere weiter.`

const selfHelpNoticeEN = `You take part anonymously. You choose your own name – or give none at all.
We keep nothing about you: no account, no list of who came, no recording. We do not ask for your address or phone number.
What is said in the group stays in the group. Please make sure nobody listens in: tell the people you live with, close the door, use headphones.
Do not pass the link to the group on to others.`

const counsellingNoticeDE = `Das Gespräch ist vertraulich. Nur Sie und Ihre Beraterin oder Ihr Berater sind dabei.
Wir nehmen nichts auf. Wir notieren nur, was wir für die Beratung brauchen – nie mehr, als Sie uns sagen möchten.
Sie müssen Ihren echten Namen nicht nennen.
Bitte suchen Sie sich einen ruhigen Ort, an dem niemand mithört, und nutzen Sie Kopfhörer.
Geben Sie den Link zum Gespräch nicht weiter.`

const counsellingNoticeEN = `The conversation is confidential. Only you and your counsellor take part.
We record nothing. We only note what we need for the counselling – never more than you want to tell us.
You do not have to give your real name.
Please find a quiet place where nobody can listen in, and use headphones.
Do not pass the link to the conversation on.`
