import { ruleSpec } from '../spec';

const go = (line: string): string => `FROM golang:1.22\n${line}\n`;

// Ported from hadolint's DL3062Spec.hs (Pin versions in go).
ruleSpec('DL3062', {
  flags: [
    { dockerfile: go('RUN go install example.com/pkg'), range: { start: { line: 1, character: 15 }, end: { line: 1, character: 30 } }, noFix: true },
    go('ONBUILD RUN go install example.com/pkg'),
    go('RUN go install example.com/pkg@latest'),
    go('ONBUILD RUN go install example.com/pkg@latest'),
    go('RUN go install tool foobar'),
    go('RUN go install tool foobar@latest'),
    go('RUN go get example.com/pkg'),
    go('RUN go get example.com/pkg@latest'),
    go('RUN go get -tool foobar'),
    go('RUN go get -tool foobar@latest'),
    go('RUN go run example.com/pkg'),
    go('RUN go run example.com/pkg@latest'),
    go('RUN CGO_ENABLED=0 go install -v golang.org/x/tools/gopls@upgrade'),
    go('RUN go install -tags netgo example.com/cmd/tool'),
  ],
  passes: [
    go('RUN go install example.com/pkg@v1.2.3'),
    go('ONBUILD RUN go install example.com/pkg@v1.2.3'),
    go('RUN go install /go/app/foobar'),
    go('RUN go install ./app/foobar'),
    go('RUN go install .'),
    go('RUN go install ./...'),
    go('RUN go install tool foobar@v1.2.3'),
    go('RUN go get example.com/pkg@v1.2.3'),
    go('RUN go get -tool foobar@v1.2.3'),
    go('RUN go run example.com/pkg@v1.2.3'),
    go('RUN go run example.com/pkg@v1.2.3 -f'),
    go('RUN go run example.com/pkg@v1.2.3 -foobar'),
    go('RUN go run example.com/pkg@v1.2.3 --foobar'),
    go('RUN go run example.com/pkg@v1.2.3 foobar'),
    go('RUN go run example.com/pkg@v1.2.3 --foo bar'),
    go('RUN go run /go/app/foobar'),
    go('RUN go run ./app/foobar'),
    go('RUN go run .'),
    go('RUN go install example.com/pkg@${TOOL_VERSION}'),
    go('RUN go build -o /app ./cmd/server'),
    go('RUN go mod download'),
    // The value of a build flag is no package.
    go('RUN go install -tags netgo -ldflags "-s -w" example.com/cmd/tool@v1.4.0'),
    go('RUN go install -trimpath ./cmd/...'),
  ],
});
