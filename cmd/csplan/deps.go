package main
import (
 _ "charm.land/bubbletea/v2"
 _ "charm.land/bubbles/v2/table"
 _ "charm.land/lipgloss/v2"
 _ "charm.land/huh/v2"
 _ "charm.land/fang/v2"
 _ "github.com/spf13/cobra"
 _ "go.etcd.io/bbolt"
 _ "github.com/shopspring/decimal"
 _ "github.com/xuri/excelize/v2"
 _ "pgregory.net/rapid"
 _ "github.com/charmbracelet/x/exp/teatest/v2"
 _ "github.com/charmbracelet/x/exp/golden"
)
func main(){}
