#!/usr/bin/env bash
# 落实 Luoshi 离线安装：从本安装包的 wheels/ 安装到独立目录，不访问任何网络。
#
#   sudo ./install.sh                      # 安装或升级到 /opt/luoshi，配置 /etc/luoshi，数据 /var/lib/luoshi
#   ./install.sh --prefix ~/luoshi --config-dir ~/luoshi/etc --data-dir ~/luoshi/data --no-system
#
# 每个版本装在 PREFIX/<版本>/（独立的 Python 虚拟环境），PREFIX/current 指向正在使用的版本，
# 上一个版本保留以便回退。已有的配置文件和数据从不覆盖。
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=/opt/luoshi
CONF_DIR=/etc/luoshi
DATA_DIR=/var/lib/luoshi
SERVICE_USER=luoshi
PYTHON=""
SYSTEM=1
RUN_DB=1

usage() {
  cat <<USAGE
用法：./install.sh [选项]
  --prefix DIR       程序目录（默认 /opt/luoshi）
  --config-dir DIR   配置目录（默认 /etc/luoshi），首次安装时生成 luoshi.toml
  --data-dir DIR     数据目录（默认 /var/lib/luoshi）：数据库、上传文件、备份、通报
  --user NAME        运行服务的系统账户（默认 luoshi，不存在时创建）
  --python PATH      使用指定的 Python 3.11+（默认依次查找 python3.14 至 python3.11、python3）
  --no-system        不建系统账户、不装 systemd 单元、不建 /usr/local/bin/luoshi（非 root 安装、测试）
  --skip-db          不初始化或升级数据库（之后手动运行 luoshi db upgrade）
  -h, --help         显示本帮助
USAGE
}

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: 错误：%s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=${2:?}; shift 2 ;;
    --config-dir) CONF_DIR=${2:?}; shift 2 ;;
    --data-dir) DATA_DIR=${2:?}; shift 2 ;;
    --user) SERVICE_USER=${2:?}; shift 2 ;;
    --python) PYTHON=${2:?}; shift 2 ;;
    --no-system) SYSTEM=0; shift ;;
    --skip-db) RUN_DB=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "未知选项 $1" ;;
  esac
done

# shellcheck source=/dev/null
. "$HERE/bundle.env"   # VERSION ARCH PYTHONS GLIBC

# ---- checks before anything is written --------------------------------------------------------------
machine=$(uname -m)
[ "$machine" = arm64 ] && machine=aarch64
[ "$machine" = "$ARCH" ] || die "本安装包适用于 $ARCH，本机是 $machine：请使用 luoshi-$VERSION-linux-$machine 安装包"

if [ "$SYSTEM" = 1 ] && [ "$(id -u)" != 0 ]; then
  die "系统安装需要 root 权限：请用 sudo ./install.sh，或加 --no-system 安装到自己的目录"
fi

have_glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}') || have_glibc=""
if [ -n "$have_glibc" ] && [ "$(printf '%s\n%s\n' "$GLIBC" "$have_glibc" | sort -V | head -n1)" != "$GLIBC" ]; then
  die "本机 glibc 版本为 $have_glibc，低于所需的 $GLIBC（银河麒麟 V10、统信 UOS 20 及以上均满足）"
fi

say "校验安装包文件……"
(cd "$HERE" && sha256sum --check --quiet --strict SHA256SUMS) \
  || die "安装包文件不完整或已损坏（SHA256SUMS 校验失败）：请重新拷贝安装包"

find_python() {
  local cand ver
  for cand in ${PYTHON:-python3.14 python3.13 python3.12 python3.11 python3}; do
    command -v "$cand" >/dev/null 2>&1 || continue
    ver=$("$cand" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
    case " $PYTHONS " in *" $ver "*) command -v "$cand"; return 0 ;; esac
  done
  return 1
}
PY=$(find_python) || die "找不到可用的 Python（本安装包支持 Python ${PYTHONS// /、}）：请安装其中之一，或用 --python 指定"
"$PY" -c 'import venv' 2>/dev/null || die "$PY 缺少 venv 模块：请安装操作系统的 python3-venv 软件包"

# pip must see only the bundle: no index, no configuration file, no local wheel folder of this machine.
while IFS='=' read -r name _; do
  case "$name" in PIP_*) unset "$name" ;; esac
done < <(env)
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_INDEX_URL="" PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# ---- install the program ----------------------------------------------------------------------------
if [ -d "$PREFIX" ] && [ ! -e "$PREFIX/install.env" ] && [ -n "$(ls -A "$PREFIX")" ]; then
  die "$PREFIX 已有其他文件：请用 --prefix 指定一个新的（或空的）目录"
fi
DEST="$PREFIX/$VERSION"
previous=""
[ -L "$PREFIX/current" ] && previous=$(readlink "$PREFIX/current")
aside=""
mkdir -p "$PREFIX"
if [ -e "$DEST" ]; then
  aside="$DEST.reinstall-$$"
  mv "$DEST" "$aside"
fi
restore_aside() {
  rm -rf "$DEST"
  if [ -n "$aside" ]; then mv "$aside" "$DEST"; fi
}
trap 'restore_aside; die "安装失败，未做任何修改"' ERR

say "安装 落实 Luoshi $VERSION（$ARCH，$("$PY" -V 2>&1)）到 $DEST ……"
"$PY" -m venv --without-pip "$DEST"
pipwheels=("$HERE"/wheels/pip-*.whl)
"$DEST/bin/python" "${pipwheels[0]}/pip" install --quiet --no-index --find-links "$HERE/wheels" --no-cache-dir \
  --no-warn-script-location pip "luoshi==$VERSION"
"$DEST/bin/luoshi" --help >/dev/null
trap - ERR
[ -n "$aside" ] && rm -rf "$aside"

# A running service would load modules of the new version through `current` from now on: stop it first.
was_active=0
if [ "$SYSTEM" = 1 ] && [ -d /run/systemd/system ] && systemctl is-active --quiet luoshi.service; then
  was_active=1
  say "停止正在运行的服务以便升级……"
  systemctl stop luoshi.service
fi
ln -sfn "$VERSION" "$PREFIX/current.new"
mv -T "$PREFIX/current.new" "$PREFIX/current"

cat >"$PREFIX/install.env" <<ENV
PREFIX="$PREFIX"
CONF_DIR="$CONF_DIR"
DATA_DIR="$DATA_DIR"
SERVICE_USER="$SERVICE_USER"
SYSTEM=$SYSTEM
ENV
install -m 0755 "$HERE/uninstall.sh" "$PREFIX/uninstall.sh"

# ---- account, folders, configuration ----------------------------------------------------------------
if [ "$SYSTEM" = 1 ] && ! id "$SERVICE_USER" >/dev/null 2>&1; then
  useradd --system --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
  say "已创建系统账户 $SERVICE_USER"
fi
mkdir -p "$DATA_DIR/uploads" "$DATA_DIR/backups" "$DATA_DIR/bulletins" "$CONF_DIR"
if [ "$SYSTEM" = 1 ]; then
  chown "$SERVICE_USER:" "$DATA_DIR" "$DATA_DIR/uploads" "$DATA_DIR/backups" "$DATA_DIR/bulletins"
  chmod 0750 "$DATA_DIR"
fi

CONFIG="$CONF_DIR/luoshi.toml"
if [ -e "$CONFIG" ]; then
  say "保留已有配置文件 $CONFIG"
else
  secret=$("$DEST/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')
  sed -e "s|@DATA_DIR@|$DATA_DIR|g" -e "s|@SECRET_KEY@|$secret|g" "$HERE/luoshi.toml" >"$CONFIG.new"
  chmod 0640 "$CONFIG.new"
  [ "$SYSTEM" = 1 ] && chown "root:$SERVICE_USER" "$CONFIG.new"
  mv "$CONFIG.new" "$CONFIG"
  say "已生成配置文件 $CONFIG（含随机密钥；使用 PostgreSQL 时修改其中的 database_url）"
fi

as_service() {
  if [ "$SYSTEM" = 1 ]; then
    runuser -u "$SERVICE_USER" -- env LUOSHI_CONFIG="$CONFIG" "$@"
  else
    env LUOSHI_CONFIG="$CONFIG" "$@"
  fi
}

# ---- systemd ----------------------------------------------------------------------------------------
if [ "$SYSTEM" = 1 ]; then
  ln -sfn "$PREFIX/current/bin/luoshi" /usr/local/bin/luoshi
  for unit in "$HERE"/systemd/*; do
    sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@CONFIG@|$CONFIG|g" -e "s|@DATA_DIR@|$DATA_DIR|g" \
        -e "s|@USER@|$SERVICE_USER|g" "$unit" >"/etc/systemd/system/$(basename "$unit")"
  done
  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
fi

# ---- database ---------------------------------------------------------------------------------------
if [ "$RUN_DB" = 1 ] && ! as_service "$PREFIX/current/bin/luoshi" db upgrade; then
  if [ -n "$previous" ] && [ "$previous" != "$VERSION" ]; then
    ln -sfn "$previous" "$PREFIX/current.new" && mv -T "$PREFIX/current.new" "$PREFIX/current"
    rm -rf "$DEST"
    say "数据库升级未完成：程序已退回 $previous，数据库未改动。"
  else
    say "程序已安装，但数据库未初始化或未升级：修正 $CONFIG 后运行 luoshi db upgrade。"
  fi
  if [ "$was_active" = 1 ]; then systemctl start luoshi.service; fi
  exit 1
fi
if [ "$was_active" = 1 ]; then systemctl start luoshi.service && say "服务已重新启动"; fi

# Keep the version just replaced (to go back to), remove older ones.
for dir in "$PREFIX"/*/; do
  dir=${dir%/}
  name=$(basename "$dir")
  [ -L "$dir" ] || [ ! -x "$dir/bin/luoshi" ] && continue
  [ "$name" = "$VERSION" ] || [ "$name" = "$previous" ] || rm -rf "$dir"
done

say ""
say "安装完成：落实 Luoshi $VERSION，用时 ${SECONDS} 秒。"
kept=""
[ -n "$previous" ] && [ "$previous" != "$VERSION" ] && kept="（上一版本 $previous 保留，可回退）"
say "  程序   $PREFIX/current -> $VERSION$kept"
say "  配置   $CONFIG"
say "  数据   $DATA_DIR"
if [ "$SYSTEM" = 1 ]; then
  cat <<NEXT

下一步：
  1. 建立管理员：  sudo -u $SERVICE_USER luoshi user add admin --role admin
  2. 启动服务：    sudo systemctl enable --now luoshi.service luoshi-remind.timer luoshi-backup.timer luoshi-bulletin.timer
  3. 检查：        curl http://127.0.0.1:8000/healthz ；日志 journalctl -u luoshi
  4. HTTPS：       参照 nginx/luoshi.conf 配置 nginx 反向代理（见 部署说明.txt）
NEXT
fi
