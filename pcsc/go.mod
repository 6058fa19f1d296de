module github.com/emvsim/emvsim/pcsc

go 1.26.0

require github.com/emvsim/emvsim v0.0.0

require (
	github.com/ebfe/scard v0.0.0-20241214075232-7af069cabc25
	github.com/stretchr/testify v1.12.1
)

require (
	github.com/moov-io/bertlv v0.1.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)

replace github.com/emvsim/emvsim => ../
