#!/usr/bin/env bash
# 卸载 落实 Luoshi：停止并移除服务和程序。配置和数据默认保留（数据库、上传文件、备份），
# 加 --purge 一并删除（不可恢复，请先备份）。
#
#   sudo /opt/luoshi/uninstall.sh            # 保留 /etc/luoshi 和 /var/lib/luoshi
#   sudo /opt/luoshi/uninstall.sh --purge    # 全部删除
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
PURGE=0
case "${1:-}" in
  --purge) PURGE=1 ;;
  -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
  "") ;;
  *) printf 'uninstall.sh: 错误：未知选项 %s\n' "$1" >&2; exit 1 ;;
esac

[ -f "$HERE/install.env" ] || { printf 'uninstall.sh: 错误：找不到 %s/install.env\n' "$HERE" >&2; exit 1; }
# shellcheck source=/dev/null
. "$HERE/install.env"   # PREFIX CONF_DIR DATA_DIR SERVICE_USER SYSTEM

if [ "$SYSTEM" = 1 ]; then
  [ "$(id -u)" = 0 ] || { printf 'uninstall.sh: 错误：需要 root 权限（sudo）\n' >&2; exit 1; }
  units="luoshi.service luoshi-remind.timer luoshi-backup.timer luoshi-bulletin.timer"
  units="$units luoshi-remind.service luoshi-backup.service luoshi-bulletin.service"
  if [ -d /run/systemd/system ]; then
    # shellcheck disable=SC2086
    systemctl disable --now $units >/dev/null 2>&1 || true
  fi
  for unit in $units; do rm -f "/etc/systemd/system/$unit"; done
  [ -d /run/systemd/system ] && systemctl daemon-reload
  if [ "$(readlink /usr/local/bin/luoshi 2>/dev/null)" = "$PREFIX/current/bin/luoshi" ]; then
    rm -f /usr/local/bin/luoshi
  fi
fi

rm -rf "$PREFIX"
echo "已卸载程序 $PREFIX 和服务。"
if [ "$PURGE" = 1 ]; then
  rm -rf "$CONF_DIR" "$DATA_DIR"
  if [ "$SYSTEM" = 1 ] && id "$SERVICE_USER" >/dev/null 2>&1; then userdel "$SERVICE_USER" || true; fi
  echo "已删除配置 $CONF_DIR 和数据 $DATA_DIR。"
else
  echo "配置 $CONF_DIR 和数据 $DATA_DIR 已保留（PostgreSQL 数据库也未改动）；不再需要时加 --purge 删除。"
fi
