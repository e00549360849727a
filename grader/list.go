package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/internal/grade"
)

func newListCommand(common *commonFlags, stdout io.Writer) *cobra.Command {
	var started, packages bool
	cmd := &cobra.Command{
		Use:   "list [kata...]",
		Short: "List the katas, or only those you have started",
		Long: `list prints one kata per line: its id, and whether its stub was changed
("started") or is still the one the course shipped. --started keeps only the
katas started; --packages prints their package paths instead, for go test:

  go test -race $(bin/grader list --started --packages)

Katas named on the command line are listed whether started or not.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := findRepository(common.dir)
			if err != nil {
				return err
			}
			katas, err := selectKatas(args)
			if err != nil {
				return err
			}
			for _, k := range katas {
				stub := filepath.Join(dir, k.StubPath())
				h, err := grade.StubHash(stub)
				begun := err == nil && h != k.StubSHA256
				if started && !begun && len(args) == 0 {
					continue
				}
				switch {
				case packages:
					fmt.Fprintf(stdout, "./exercises/%s\n", k.ID)
				case err != nil:
					fmt.Fprintf(stdout, "%s\tmissing\n", k.ID)
				case begun:
					fmt.Fprintf(stdout, "%s\tstarted\n", k.ID)
				default:
					fmt.Fprintf(stdout, "%s\tnot started\n", k.ID)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&started, "started", false, "only the katas whose stub you changed")
	cmd.Flags().BoolVar(&packages, "packages", false, "print package paths (./exercises/NN-name) for go test")
	return cmd
}
