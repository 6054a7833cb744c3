# bash completion for aiwatt: commands, options and catalog ids.
# Everything is read from the program itself when completing ('aiwatt --help',
# 'aiwatt help COMMAND', 'aiwatt catalog list [SECTION] --format csv'), so new
# commands, options and catalog entries complete without editing this file.

# Catalog ids of a section (or every section's ids when $1 is empty), with
# the --catalog files already on the command line merged in.
_aiwatt_ids()
{
    "${_aiwatt_prog[@]}" catalog list $1 --format csv 2>/dev/null |
        awk -F, 'NR > 1 { print $2 }'
}

_aiwatt_commands()
{
    "${_aiwatt_prog[@]}" --help 2>/dev/null |
        awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { exit }'
}

_aiwatt()
{
    local cur prev words cword
    _init_completion || return

    # The program, with the global options that change what it lists.
    local -a _aiwatt_prog=("${words[0]}")
    local i cmd="" cmd_at=0
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
        --catalog | --sysfs-root)
            _aiwatt_prog+=("${words[i]}" "${words[i + 1]}")
            ((i++))
            ;;
        --catalog=* | --sysfs-root=*) _aiwatt_prog+=("${words[i]}") ;;
        -*) ;;
        *)
            cmd=${words[i]}
            cmd_at=$i
            break
            ;;
        esac
    done

    # `aiwatt measure [OPTIONS] [--] COMMAND...`: from the command word on,
    # complete the measured command as bash would. Options that take a value
    # are those its help shows with one ("--interval MS").
    if [[ $cmd == measure ]]; then
        local valued
        valued=" $("${_aiwatt_prog[@]}" help measure 2>/dev/null |
            grep -oE -- '--[a-z][a-z0-9-]*[ =][A-Z]' |
            sed 's/[ =][A-Z]$//' | sort -u | tr '\n' ' ') "
        for ((i = cmd_at + 1; i < cword; i++)); do
            if [[ ${words[i]} == -- ]]; then
                _command_offset $((i + 1))
                return
            elif [[ $valued == *" ${words[i]} "* ]]; then
                ((i++))
            elif [[ ${words[i]} != -* ]]; then
                _command_offset $i
                return
            fi
        done
    fi

    case $prev in
    --catalog) _filedir json; return ;;
    --sysfs-root) _filedir -d; return ;;
    --output | --svg | --html | --csv | --json) _filedir; return ;;
    --format)
        COMPREPLY=($(compgen -W "table json csv" -- "$cur"))
        return
        ;;
    --model | --models)
        # train --model also takes the presets of published training runs.
        local ids
        ids=$(_aiwatt_ids models)
        [[ $cmd == train ]] && ids+=" $(_aiwatt_ids training_runs)"
        COMPREPLY=($(compgen -W "$ids" -- "$cur"))
        return
        ;;
    --hardware | --chips) COMPREPLY=($(compgen -W "$(_aiwatt_ids hardware)" -- "$cur")); return ;;
    --server) COMPREPLY=($(compgen -W "$(_aiwatt_ids servers)" -- "$cur")); return ;;
    --datacenter | --datacenters) COMPREPLY=($(compgen -W "$(_aiwatt_ids datacenters)" -- "$cur")); return ;;
    --grid | --grids | --country) COMPREPLY=($(compgen -W "$(_aiwatt_ids grids)" -- "$cur")); return ;;
    --profile) COMPREPLY=($(compgen -W "$(_aiwatt_ids profiles)" -- "$cur")); return ;;
    esac

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--catalog --sysfs-root --format --help --version" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_aiwatt_commands) help" -- "$cur"))
        fi
        return
    fi

    if [[ $cur == -* ]]; then
        local opts
        opts=$("${_aiwatt_prog[@]}" help "$cmd" 2>/dev/null |
            grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
        COMPREPLY=($(compgen -W "$opts --format --catalog --help" -- "$cur"))
        return
    fi

    # Positional words: what each command takes.
    local sections
    case $cmd in
    help) COMPREPLY=($(compgen -W "$(_aiwatt_commands)" -- "$cur")) ;;
    catalog)
        sections=$("${_aiwatt_prog[@]}" catalog list --format csv 2>/dev/null |
            awk -F, 'NR > 1 { print $1 }' | sort -u)
        if ((cword == cmd_at + 1)); then
            COMPREPLY=($(compgen -W "list show" -- "$cur"))
        elif [[ ${words[cmd_at + 1]} == list ]]; then
            COMPREPLY=($(compgen -W "$sections" -- "$cur"))
        else
            local section=${words[cword - 1]}
            [[ " $sections " == *" $section "* ]] || section=""
            COMPREPLY=($(compgen -W "$sections $(_aiwatt_ids "$section")" -- "$cur"))
        fi
        ;;
    refs)
        if ((cword == cmd_at + 1)); then
            COMPREPLY=($(compgen -W "list show" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$(_aiwatt_ids references)" -- "$cur"))
        fi
        ;;
    reproduce) COMPREPLY=($(compgen -W "$(_aiwatt_ids references)" -- "$cur")) ;;
    measure) _command_offset $cword ;;
    esac
}
complete -F _aiwatt aiwatt
