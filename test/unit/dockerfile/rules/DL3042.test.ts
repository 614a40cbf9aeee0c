import { ruleSpec } from '../spec';

const pip = (line: string): string => `FROM python:3.12-slim\n${line}\n`;

// Ported from hadolint's DL3042Spec.hs, plus ranges and the fix.
ruleSpec('DL3042', {
  flags: [
    { dockerfile: pip('RUN <<EOF\npip install six==1.16.0\nEOF'), line: 3, fixed: pip('RUN <<EOF\npip install --no-cache-dir six==1.16.0\nEOF') },
    { dockerfile: pip('RUN ["pip", "install", "six==1.16.0"]'), fixed: pip('RUN ["pip", "install", "--no-cache-dir", "six==1.16.0"]') },
    { dockerfile: pip('RUN --mount=type=secret,id=pip ["pip", "install", "six"]'), fixed: pip('RUN --mount=type=secret,id=pip ["pip", "install", "--no-cache-dir", "six"]') },
    {
      dockerfile: pip('RUN pip install MySQL_python'),
      range: { start: { line: 1, character: 4 }, end: { line: 1, character: 15 } },
      fixed: pip('RUN pip install --no-cache-dir MySQL_python'),
    },
    { dockerfile: pip('RUN pip2 install MySQL_python'), fixed: pip('RUN pip2 install --no-cache-dir MySQL_python') },
    { dockerfile: pip('RUN pip3 install MySQL_python'), line: 2 },
    { dockerfile: pip('ONBUILD RUN pip3 install MySQL_python'), line: 2, fixed: pip('ONBUILD RUN pip3 install --no-cache-dir MySQL_python') },
    { dockerfile: pip('RUN python3 -m pip install -r requirements.txt'), fixed: pip('RUN python3 -m pip install --no-cache-dir -r requirements.txt') },
    { dockerfile: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=0\nRUN pip install MySQL_python\n', line: 3 },
    { dockerfile: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=off\nRUN pip install MySQL_python\n', line: 3 },
    { dockerfile: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=no\nRUN pip install MySQL_python\n', line: 3 },
    { dockerfile: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=false\nRUN pip install MySQL_python\n', line: 3 },
    pip('RUN PIP_NO_CACHE_DIR=0 pip install MySQL_python'),
    pip('RUN PIP_NO_CACHE_DIR=off pip install MySQL_python'),
    pip('RUN export PIP_NO_CACHE_DIR=no && pip install MySQL_python'),
    pip('RUN export PIP_NO_CACHE_DIR=false && pip install MySQL_python'),
    {
      dockerfile: 'FROM debian:buster as base\nENV PIP_NO_CACHE_DIR=1\nFROM debian:buster\nRUN pip install six\n',
      line: 4,
    },
  ],
  passes: [
    pip('RUN pip2 install MySQL_python --no-cache-dir'),
    pip('RUN pip3 install --no-cache-dir MySQL_python'),
    pip('RUN pip install MySQL_python --no-cache-dir'),
    pip('ONBUILD RUN pip install MySQL_python --no-cache-dir'),
    pip('RUN pipx install software'),
    pip('RUN pipenv install library'),
    pip('RUN python -m pipx install software'),
    pip('RUN pip download six'),
    'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install MySQL_python\n',
    'FROM python:3.12\nENV PIP_NO_CACHE_DIR=on\nRUN pip install MySQL_python\n',
    'FROM python:3.12\nENV PIP_NO_CACHE_DIR=yes\nRUN pip install MySQL_python\n',
    'FROM python:3.12\nENV PIP_NO_CACHE_DIR=true\nRUN pip install MySQL_python\n',
    pip('RUN PIP_NO_CACHE_DIR=1 pip install MySQL_python'),
    pip('RUN PIP_NO_CACHE_DIR=on pip install MySQL_python'),
    pip('RUN export PIP_NO_CACHE_DIR=yes && pip install MySQL_python'),
    pip('RUN export PIP_NO_CACHE_DIR=true && pip install MySQL_python'),
    'FROM debian:buster as base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install six\n',
    'RUN --mount=type=cache,target=/root/.cache/pip pip install foobar\n',
    'RUN --mount=type=tmpfs,target=/root/.cache/pip pip install foobar\n',
  ],
});
