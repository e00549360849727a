module github.com/deli-katas/deli

go 1.25

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/gofrs/flock v0.12.1
	github.com/stretchr/testify v1.12.1
	go.uber.org/goleak v1.3.0
)

require (
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.22.0 // indirect
)
