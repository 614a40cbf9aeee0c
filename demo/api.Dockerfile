FROM golang:1.22 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/api .

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/api /api
USER nonroot
ENTRYPOINT ["/api"]
