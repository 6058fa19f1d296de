package card

// face is the interface a command arrived on.
type face uint8

const (
	faceNone face = iota
	faceContact
	faceContactless
)

// phase is where the current transaction stands (Book 3 §6.5: the order in
// which the commands are allowed).
type phase uint8

const (
	phaseIdle      phase = iota // nothing selected
	phaseSelected               // an application is selected
	phaseInitiated              // GET PROCESSING OPTIONS done
	phaseOnline                 // first GENERATE AC returned an ARQC
	phaseDone                   // the card gave its final cryptogram
)

// dfKind is what the last successful SELECT selected.
type dfKind uint8

const (
	dfNone dfKind = iota
	dfPSE
	dfPPSE
	dfApp
)

// session is the card's volatile state: what a power cut, a new SELECT or
// leaving the field forgets.
type session struct {
	face    face
	df      dfKind
	app     int // selected application, -1 for none
	lastHit int // index of the last application SELECT matched, for P2 02
	phase   phase

	pdol  [256]byte // PDOL data of GPO, for CDA
	pdolN int
	cdol1 [256]byte // CDOL1 data of the first GENERATE AC
	cdolN int

	firstCID  byte // CID of the first GENERATE AC
	ac        [8]byte
	un        [4]byte
	cvmPIN    bool // offline PIN verification performed
	pinFailed bool // and it failed
	pinOK     bool // and it succeeded
	iaDone    bool // issuer authentication performed
	iaFailed  bool // and it failed
	ddaDone   bool // INTERNAL AUTHENTICATE answered
	scriptsOK uint8
	scriptBad bool

	// start is what the transaction found at GET PROCESSING OPTIONS about
	// the previous ones, which both GENERATE ACs report.
	start startFacts

	challenge   [8]byte
	challengeOK bool

	pending  [258]byte // T=0: response data waiting for GET RESPONSE
	pendingN int
	pendSW   uint16
}

// startFacts are the persistent facts about earlier transactions, taken
// when a transaction starts.
type startFacts struct {
	lastNotComplete bool
	newCard         bool
	iaFailedLast    bool
	iaNotPerformed  bool
	odaFailedLast   bool
	scripts         uint8
}

// reset forgets everything: power-on, power-off, a new contactless tap.
func (s *session) reset() {
	*s = session{app: -1, lastHit: -1}
}
