import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { LOGIN_PATTERN, normalizeLogin, type UserRole } from '../../events/user.events';
import { PASSWORD_MAX_LENGTH } from '../../src/auth/passwords';
import { NotFoundError } from '../../src/domain/errors';
import { USER_ROLES } from './user.decider';

const toLogin = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeLogin(value) : value);
const LOGIN_RULE = 'login must be 2–64 letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. sec1)';

export class LoginDto {
  @ApiProperty({ example: 'sec1', description: 'ログインID' }) @IsString() @IsNotEmpty() @MaxLength(200) login!: string;
  @ApiProperty({ example: 'Hq4t-Xm2c-9vRa-Kp7e', description: 'パスワード' }) @IsString() @IsNotEmpty() @MaxLength(PASSWORD_MAX_LENGTH) password!: string;
}

export class ChangePasswordDto {
  @ApiPropertyOptional({ description: '現在のパスワード (not needed right after signing in with a one-time password)' })
  @IsOptional() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) currentPassword?: string;
  @ApiProperty({ description: '新しいパスワード (at least 10 characters)' }) @IsString() @IsNotEmpty() @MaxLength(PASSWORD_MAX_LENGTH * 4) newPassword!: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'sec1', description: 'ログインID (stored in lower case)' }) @Transform(toLogin) @IsString() @Matches(LOGIN_PATTERN, { message: LOGIN_RULE }) login!: string;
  @ApiProperty({ example: '事務局 太郎', description: '表示名' }) @IsString() @IsNotEmpty() @MaxLength(100) name!: string;
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES) role!: UserRole;
  @ApiPropertyOptional({ example: '税務課', description: '担当課 (department staff only)' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) department?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: '事務局 太郎' }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) name?: string;
  @ApiPropertyOptional({ enum: USER_ROLES }) @IsOptional() @IsIn(USER_ROLES) role?: UserRole;
  @ApiPropertyOptional({ example: '総務課', nullable: true, description: 'null removes it; left out, department staff keep theirs' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @IsNotEmpty() @MaxLength(100) department?: string | null;
  @ApiPropertyOptional({ description: 'true disables the account (its sessions end), false enables it' }) @IsOptional() @IsBoolean() disabled?: boolean;
}

/** Route parameter: a login, normalised; one that cannot exist is simply not found. */
@Injectable()
export class LoginPipe implements PipeTransform<string, string> {
  transform(value: string, _metadata: ArgumentMetadata): string {
    const login = normalizeLogin(value);
    if (!LOGIN_PATTERN.test(login)) throw new NotFoundError('user', value, `User ${value} not found`);
    return login;
  }
}
