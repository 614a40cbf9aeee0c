import { ruleSpec } from '../spec';

ruleSpec('DL3006', {
  flags: [
    { dockerfile: 'FROM debian', range: { start: { line: 0, character: 5 }, end: { line: 0, character: 11 } }, noFix: true },
    'FROM debian AS builder',
    { dockerfile: 'FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM node as unit-test\nRUN bar\nFROM alpine:3.7\nRUN baz\n', line: 3, count: 1 },
    'FROM --platform=linux/amd64 debian',
    'FROM registry.example.com:5000/team/app',
    { dockerfile: 'FROM node AS build\nFROM build\n', count: 1 },
  ],
  passes: [
    'FROM ruby@sha256:f1dbca0f5dbc9',
    'FROM ruby:2',
    'FROM ${VALUE}',
    'FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM build as unit-test\nRUN bar\nFROM alpine:3.7\nRUN baz\n',
    'FROM scratch',
    'FROM localhost:5000/app:1.0',
    'FROM Debian:12 AS Build\nFROM build\n',
  ],
});
