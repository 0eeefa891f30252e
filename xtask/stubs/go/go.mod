module github.com/team-telnyx/telnyx-go/v4

go 1.19
