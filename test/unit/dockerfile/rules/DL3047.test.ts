import { ruleSpec } from '../spec';

// Ported from hadolint's DL3047Spec.hs, plus the fix for GNU wget and for BusyBox wget.
ruleSpec('DL3047', {
  flags: [
    { dockerfile: 'FROM debian:12\nRUN ["wget", "my.xyz"]\n', fixed: 'FROM debian:12\nRUN ["wget", "--progress=dot:giga", "my.xyz"]\n' },
    {
      dockerfile: 'FROM node as foo\nRUN wget my.xyz\n',
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 8 } },
      fixed: 'FROM node as foo\nRUN wget --progress=dot:giga my.xyz\n',
    },
    { dockerfile: 'FROM debian:12 AS base\nFROM base\nRUN wget -O /tmp/x my.xyz\n', fixed: 'FROM debian:12 AS base\nFROM base\nRUN wget --progress=dot:giga -O /tmp/x my.xyz\n' },
    // BusyBox wget has no --progress: on Alpine (or an unknown base) the fix quiets wget instead.
    { dockerfile: 'FROM alpine:3.20\nRUN wget my.xyz\n', fixed: 'FROM alpine:3.20\nRUN wget -q my.xyz\n' },
    { dockerfile: 'ARG BASE=alpine\nFROM ${BASE}\nRUN wget my.xyz\n', fixed: 'ARG BASE=alpine\nFROM ${BASE}\nRUN wget -q my.xyz\n' },
    { dockerfile: 'FROM debian:12\nONBUILD RUN wget my.xyz\n', line: 2 },
    { dockerfile: 'FROM registry.example.com/team/base:1\nRUN wget my.xyz\n', fixed: 'FROM registry.example.com/team/base:1\nRUN wget -q my.xyz\n' },
  ],
  passes: [
    'FROM node as foo\nRUN wget --progress=dot:giga my.xyz\n',
    'FROM node as foo\nRUN wget -q my.xyz\n',
    'FROM node as foo\nRUN wget --quiet my.xyz\n',
    'FROM node as foo\nRUN wget -nv my.xyz\n',
    'FROM node as foo\nRUN wget --no-verbose my.xyz\n',
    'FROM node as foo\nRUN wget --output-file=/tmp/wget.log my.xyz\n',
    'FROM node as foo\nRUN wget -o /tmp/wget.log my.xyz\n',
    'FROM node as foo\nRUN wget --append-output=/tmp/wget.log my.xyz\n',
    'FROM node as foo\nRUN wget -a /tmp/wget.log my.xyz\n',
    'FROM node as foo\nRUN wget -qO- my.xyz | sh\n',
    'FROM node as foo\nRUN curl -fsSL my.xyz\n',
  ],
});
